// SPDX-License-Identifier: MIT
// The dynamic thread vector's entry, glibc's dtv_t (sysdeps/generic/dl-dtv.h):
// a counter (capacity at index -1, generation at 0) or a block pointer.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ldr::tls {

union DtvEntry {
  uint64_t counter;
  struct {
    void* val;
    void* to_free;
  } pointer;
};
static_assert(sizeof(DtvEntry) == 16);

// glibc's tls_index, the argument of __tls_get_addr.
struct TlsIndex {
  uint64_t ti_module;
  uint64_t ti_offset;
};

}  // namespace ldr::tls
