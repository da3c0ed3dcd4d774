// SPDX-License-Identifier: MIT
// memcpy, memset, memmove, memcmp, strlen for the freestanding loader (the
// compiler emits calls to them), and the copy_bytes/fill_bytes wrappers.
// Built with -fno-builtin -fno-tree-loop-distribute-patterns so the loops
// below are not turned back into calls to themselves.
#include "base/mem.h"

namespace ldr::base {

// Words, not bytes: the bss tail map_object zeroes is up to a page, and a
// byte loop cost ~4 instructions a byte (7 % of ldr's work at the list stop).
// x86-64 allows unaligned 8-byte accesses (fill_bytes aligns its stores
// after a head; copy_bytes does not need to). No call to memset/memcpy here: they are built on these.
void copy_bytes(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  for (; n >= 32; n -= 32, d += 32, s += 32) {
    uint64_t a, b, c, e;
    __builtin_memcpy(&a, s, 8);
    __builtin_memcpy(&b, s + 8, 8);
    __builtin_memcpy(&c, s + 16, 8);
    __builtin_memcpy(&e, s + 24, 8);
    __builtin_memcpy(d, &a, 8);
    __builtin_memcpy(d + 8, &b, 8);
    __builtin_memcpy(d + 16, &c, 8);
    __builtin_memcpy(d + 24, &e, 8);
  }
  for (; n >= 8; n -= 8, d += 8, s += 8) {
    uint64_t a;
    __builtin_memcpy(&a, s, 8);
    __builtin_memcpy(d, &a, 8);
  }
  while (n-- > 0) *d++ = *s++;
}

void fill_bytes(void* dst, int value, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto byte = static_cast<unsigned char>(value);
  for (; n > 0 && (reinterpret_cast<uintptr_t>(d) & 7) != 0; --n) *d++ = byte;
  uint64_t v = 0x0101010101010101ULL * byte;
  for (; n >= 32; n -= 32, d += 32) {
    __builtin_memcpy(d, &v, 8);
    __builtin_memcpy(d + 8, &v, 8);
    __builtin_memcpy(d + 16, &v, 8);
    __builtin_memcpy(d + 24, &v, 8);
  }
  for (; n >= 8; n -= 8, d += 8) __builtin_memcpy(d, &v, 8);
  while (n-- > 0) *d++ = byte;
}

}  // namespace ldr::base

#ifdef LDR_FREESTANDING
extern "C" {

__attribute__((visibility("hidden"), used)) void* memcpy(void* dst, const void* src, size_t n) {
  ldr::base::copy_bytes(dst, src, n);
  return dst;
}

__attribute__((visibility("hidden"), used)) void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  if (d < s) {
    // copy_bytes goes forward and reads each chunk before writing it: a
    // destination below the source never overwrites bytes still to be read.
    ldr::base::copy_bytes(d, s, n);
  } else if (d > s) {
    while (n-- > 0) d[n] = s[n];
  }
  return dst;
}

__attribute__((visibility("hidden"), used)) void* memset(void* dst, int c, size_t n) {
  ldr::base::fill_bytes(dst, c, n);
  return dst;
}

__attribute__((visibility("hidden"), used)) int memcmp(const void* a, const void* b, size_t n) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  for (; n > 0; --n, ++x, ++y)
    if (*x != *y) return *x < *y ? -1 : 1;
  return 0;
}

__attribute__((visibility("hidden"), used)) size_t strlen(const char* s) {
  return ldr::base::str_len(s);
}

}  // extern "C"
#endif
