// SPDX-License-Identifier: MIT
// A prefetch that survives link-time optimization: GCC 12 drops
// __builtin_prefetch under LTO (no prefetcht0 in the binary), an asm
// statement stays. A hint only: never faults, whatever the address.
#pragma once

namespace ldr::base {

inline void prefetch(const void* p) { asm volatile("prefetcht0 %0" ::"m"(*static_cast<const char*>(p))); }

// Every cache line of [p, p + n] (a name and its NUL: a compare reads both ends).
inline void prefetch_range(const void* p, unsigned long n) {
  const char* c = static_cast<const char*>(p);
  const char* end = c + n;
  for (; c < end; c += 64) prefetch(c);
  prefetch(end);
}

}  // namespace ldr::base
