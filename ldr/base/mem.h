// SPDX-License-Identifier: MIT
// Byte and string helpers for the loader. The loader build also gets the C
// symbols memcpy/memset/memmove/memcmp/strlen from mem.cc (the compiler emits
// calls to them); hosted builds use libc's.
#pragma once

#include <emmintrin.h>

#include <cstddef>
#include <cstdint>

namespace ldr::base {

inline size_t str_len(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

inline bool str_eq(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

// n bytes at a and b equal: sixteen at a time (SSE2, the x86-64 baseline),
// the last block overlapping the one before; eight- and four-byte words
// likewise for shorter runs. Reads nothing outside [p, p + n).
inline bool equal_bytes(const char* a, const char* b, size_t n) {
  auto word = [](const char* p) {
    uint64_t w;
    __builtin_memcpy(&w, p, 8);
    return w;
  };
  auto half = [](const char* p) {
    uint32_t w;
    __builtin_memcpy(&w, p, 4);
    return w;
  };
  auto differ16 = [](const char* x, const char* y) {
    __m128i vx = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x));
    __m128i vy = _mm_loadu_si128(reinterpret_cast<const __m128i*>(y));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(vx, vy)) != 0xffff;
  };
  if (n >= 16) {
    for (size_t i = 0; i < n - 16; i += 16)
      if (differ16(a + i, b + i)) return false;
    return !differ16(a + n - 16, b + n - 16);
  }
  if (n >= 8) return word(a) == word(b) && word(a + n - 8) == word(b + n - 8);
  if (n >= 4) return half(a) == half(b) && half(a + n - 4) == half(b + n - 4);
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

inline bool starts_with(const char* s, const char* prefix) {
  while (*prefix != '\0')
    if (*s++ != *prefix++) return false;
  return true;
}

// Bounded length: the index of the first NUL in [s, s + max), or max if none.
inline size_t str_nlen(const char* s, size_t max) {
  size_t n = 0;
  while (n < max && s[n] != '\0') ++n;
  return n;
}

inline const char* str_rchr(const char* s, char c) {
  const char* last = nullptr;
  for (; *s != '\0'; ++s)
    if (*s == c) last = s;
  return last;
}

inline bool has_slash(const char* s) {
  for (; *s != '\0'; ++s)
    if (*s == '/') return true;
  return false;
}

inline const char* base_name(const char* path) {
  const char* slash = str_rchr(path, '/');
  return slash != nullptr ? slash + 1 : path;
}

void copy_bytes(void* dst, const void* src, size_t n);
void fill_bytes(void* dst, int value, size_t n);

}  // namespace ldr::base
