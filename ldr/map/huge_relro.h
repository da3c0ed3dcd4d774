// SPDX-License-Identifier: MIT
// A large object's RELRO moved to transparent huge pages after mapping
// (see huge_relro.cc): copy-on-write faults per 4 KiB page become one fault
// per 2 MiB. Must not change the bytes or protections the object sees.
#pragma once

#include <cstdint>

#include "map/open.h"

namespace ldr {

inline constexpr uint64_t kHugePageSize = uint64_t{2} << 20;  // x86-64's PMD size

// Where f's RELRO starts (its first whole page, a link-time address) when it
// holds at least one huge page's worth of file bytes in a writable segment
// and transparent huge pages are on; else 0. map_object loads such an object
// so that this address falls on a huge-page boundary: the most of its RELRO
// huge pages can hold.
uint64_t huge_relro_anchor(const OpenedFile& f, uint64_t page_size);

// For the object f just mapped at bias, whose huge_relro_anchor was not 0
// (so transparent huge pages are on): replaces the file mapping of the
// 2 MiB-aligned part of its PT_GNU_RELRO by anonymous memory advised for
// huge pages and read from the file. Returns the bytes moved: 0 when there
// is no such part or anything failed (the file mapping is then as before).
uint64_t move_relro_to_huge_pages(const OpenedFile& f, uintptr_t bias);

}  // namespace ldr
