// SPDX-License-Identifier: MIT
// Static TLS layout, x86-64 variant II (blocks below the thread pointer),
// computed exactly as glibc's _dl_determine_tlsoffset does so that offsets
// the static linker assumed for Local-Exec code hold. Pure.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ldr::tls {

struct BlockSpec {
  uint64_t size;        // p_memsz
  uint64_t align;       // p_align, at least 1
  uint64_t first_byte;  // p_vaddr & (align - 1)
};

struct StaticLayout {
  uint64_t used;        // bytes of module blocks below the TCB
  uint64_t size;        // used + surplus, rounded to max_align, + tcb_size
  uint64_t max_align;
};

// Assigns offsets[i] (block i lies at TP - offsets[i]) to blocks in module-id
// order, reusing alignment gaps as glibc does.
StaticLayout layout_static_tls(const BlockSpec* blocks, size_t count, uint64_t* offsets,
                               uint64_t surplus, uint64_t tcb_size, uint64_t tcb_align);

}  // namespace ldr::tls
