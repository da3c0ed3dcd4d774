// SPDX-License-Identifier: MIT
// A prefetch that survives link-time optimization: GCC 12 drops
// __builtin_prefetch under LTO (no prefetcht0 in the binary), an asm
// statement stays. A hint only: never faults, whatever the address.
#pragma once

namespace ldr::base {

inline void prefetch(const void* p) { asm volatile("prefetcht0 %0" ::"m"(*static_cast<const char*>(p))); }

}  // namespace ldr::base
