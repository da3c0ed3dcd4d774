// SPDX-License-Identifier: MIT
// memcpy, memset, memmove, memcmp, strlen for the freestanding loader (the
// compiler emits calls to them), and the copy_bytes/fill_bytes wrappers.
// Built with -fno-builtin -fno-tree-loop-distribute-patterns so the loops
// below are not turned back into calls to themselves.
#include "base/mem.h"

namespace ldr::base {

void copy_bytes(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  while (n-- > 0) *d++ = *s++;
}

void fill_bytes(void* dst, int value, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  while (n-- > 0) *d++ = static_cast<unsigned char>(value);
}

}  // namespace ldr::base

#ifdef LDR_FREESTANDING
extern "C" {

__attribute__((visibility("hidden"))) void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  // Word copy for the common aligned case; bytes for the rest.
  if (((reinterpret_cast<uintptr_t>(d) | reinterpret_cast<uintptr_t>(s)) & 7) == 0) {
    for (; n >= 8; n -= 8, d += 8, s += 8)
      *reinterpret_cast<uint64_t*>(d) = *reinterpret_cast<const uint64_t*>(s);
  }
  while (n-- > 0) *d++ = *s++;
  return dst;
}

__attribute__((visibility("hidden"))) void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  if (d < s) {
    while (n-- > 0) *d++ = *s++;
  } else if (d > s) {
    while (n-- > 0) d[n] = s[n];
  }
  return dst;
}

__attribute__((visibility("hidden"))) void* memset(void* dst, int c, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  if ((reinterpret_cast<uintptr_t>(d) & 7) == 0) {
    uint64_t v = 0x0101010101010101ULL * static_cast<unsigned char>(c);
    for (; n >= 8; n -= 8, d += 8) *reinterpret_cast<uint64_t*>(d) = v;
  }
  while (n-- > 0) *d++ = static_cast<unsigned char>(c);
  return dst;
}

__attribute__((visibility("hidden"))) int memcmp(const void* a, const void* b, size_t n) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  for (; n > 0; --n, ++x, ++y)
    if (*x != *y) return *x < *y ? -1 : 1;
  return 0;
}

__attribute__((visibility("hidden"))) size_t strlen(const char* s) {
  return ldr::base::str_len(s);
}

}  // extern "C"
#endif
