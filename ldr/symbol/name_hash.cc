// SPDX-License-Identifier: MIT
// hash_symbol_name: h = h * 33^32 + sum(c_j * 33^(31 - j)) per 32-byte step
// (h * 33^16 + ... for a lone 16-byte block near a page end), the products
// eight at a time with SSE2's pmaddwd. The step holding the NUL is masked
// and scaled back by the inverse of 33 (odd, so invertible modulo 2^32). A
// block that would cross a page boundary is done a byte at a time: the
// string may end just before an unmapped page. The AVX2 variants widen a
// 32-byte step in two halves (one horizontal total) and hand the rest to
// SSE2 near a page end; use_avx2_name_hash chooses.
#include "symbol/name_hash.h"

#include <immintrin.h>

#include <cstdint>

namespace ldr {

namespace {

struct Tables {
  uint32_t pow33[33];     // 33^i mod 2^32
  uint32_t inv_pow33[33]; // 33^-i mod 2^32
  // 33^(31 - j) for character j of a 32-byte step, split for pmaddwd's signed
  // 16-bit lanes: low[j] + 65536 * high[j] = 33^(31 - j) mod 2^32 with low[j]
  // read signed (a negative low half borrows one from the high half). The
  // last sixteen are a lone 16-byte block's 33^(15 - j).
  alignas(32) int16_t low[32];
  alignas(32) int16_t high[32];
  alignas(32) uint8_t keep[33][32];       // keep[k]: 0xff for the first k bytes
};

constexpr Tables make_tables() {
  Tables t{};
  uint32_t inverse = 33;  // Newton's iteration: correct to 3 bits, doubling each step
  for (int i = 0; i < 5; ++i) inverse *= 2 - 33 * inverse;
  t.pow33[0] = t.inv_pow33[0] = 1;
  for (int i = 1; i <= 32; ++i) t.pow33[i] = t.pow33[i - 1] * 33;
  for (int i = 1; i <= 32; ++i) t.inv_pow33[i] = t.inv_pow33[i - 1] * inverse;
  for (int j = 0; j < 32; ++j) {
    uint32_t p = t.pow33[31 - j];
    auto lo = static_cast<uint16_t>(p & 0xffff), hi = static_cast<uint16_t>(p >> 16);
    t.low[j] = static_cast<int16_t>(lo);
    t.high[j] = static_cast<int16_t>(static_cast<uint16_t>(hi + (lo >= 0x8000 ? 1 : 0)));
  }
  for (int k = 0; k <= 32; ++k)
    for (int j = 0; j < 32; ++j) t.keep[k][j] = j < k ? 0xff : 0;
  return t;
}

constexpr Tables kTables = make_tables();
static_assert(kTables.pow33[1] * kTables.inv_pow33[1] == 1);
static_assert(kTables.pow33[16] * kTables.inv_pow33[16] == 1);
static_assert(kTables.pow33[32] * kTables.inv_pow33[32] == 1);

constexpr uintptr_t kPage = 4096;

// The 16 characters of v (as 16-bit lanes) times both halves of the powers
// at `at` in the tables, pairs added: the low and the high products.
struct Products {
  __m128i lows, highs;
};
inline Products products(__m128i v, int at) {
  const __m128i zero = _mm_setzero_si128();
  const auto* low = reinterpret_cast<const __m128i*>(kTables.low + at);
  const auto* high = reinterpret_cast<const __m128i*>(kTables.high + at);
  __m128i c0 = _mm_unpacklo_epi8(v, zero), c1 = _mm_unpackhi_epi8(v, zero);
  return {_mm_add_epi32(_mm_madd_epi16(c0, _mm_load_si128(low)), _mm_madd_epi16(c1, _mm_load_si128(low + 1))),
          _mm_add_epi32(_mm_madd_epi16(c0, _mm_load_si128(high)), _mm_madd_epi16(c1, _mm_load_si128(high + 1)))};
}

// The total of the four lanes modulo 2^32, the high products counting 65536 times.
inline uint32_t total(Products p) {
  __m128i sums = _mm_add_epi32(p.lows, _mm_slli_epi32(p.highs, 16));
  sums = _mm_add_epi32(sums, _mm_shuffle_epi32(sums, 0x4e));
  sums = _mm_add_epi32(sums, _mm_shuffle_epi32(sums, 0xb1));
  return static_cast<uint32_t>(_mm_cvtsi128_si32(sums));
}

// sum(c_j * 33^(15 - j)) over the 16 bytes of v.
inline uint32_t block_sum(__m128i v) { return total(products(v, 16)); }

// sum(c_j * 33^(31 - j)) over the 32 bytes of v0 then v1: one horizontal
// total for both blocks.
inline uint32_t pair_sum(__m128i v0, __m128i v1) {
  Products a = products(v0, 0), b = products(v1, 16);
  return total({_mm_add_epi32(a.lows, b.lows), _mm_add_epi32(a.highs, b.highs)});
}

// The SSE2 hash of s from character n on, h the hash of the first n.
elf::HashedName hash_from(const unsigned char* s, uint32_t n, uint32_t h) {
  const __m128i zero = _mm_setzero_si128();
  for (;;) {
    uintptr_t in_page = reinterpret_cast<uintptr_t>(s + n) & (kPage - 1);
    if (in_page <= kPage - 32) {
      // Thirty-two characters a step; the step holding the NUL is masked
      // after it and its sum scaled back by 33^-(32 - k).
      __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n));
      __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n + 16));
      auto nul0 = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v0, zero)));
      auto nul1 = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v1, zero)));
      unsigned nul = nul0 | nul1 << 16;
      if (nul == 0) {
        h = h * kTables.pow33[32] + pair_sum(v0, v1);
        n += 32;
        continue;
      }
      unsigned k = static_cast<unsigned>(__builtin_ctz(nul));
      const auto* keep = reinterpret_cast<const __m128i*>(kTables.keep[k]);
      v0 = _mm_and_si128(v0, _mm_load_si128(keep));
      v1 = _mm_and_si128(v1, _mm_load_si128(keep + 1));
      h = h * kTables.pow33[k] + pair_sum(v0, v1) * kTables.inv_pow33[32 - k];
      return {h, n + k};
    } else if (in_page > kPage - 16) {
      // The block would cross a page: bytes until the NUL or the next page.
      uintptr_t page_end = (reinterpret_cast<uintptr_t>(s + n) | (kPage - 1)) + 1;
      while (reinterpret_cast<uintptr_t>(s + n) < page_end) {
        if (s[n] == 0) return {h, n};
        h = h * 33 + s[n++];
      }
      continue;
    }
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n));
    unsigned nul = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)));
    if (nul == 0) {
      h = h * kTables.pow33[16] + block_sum(v);
      n += 16;
      continue;
    }
    unsigned k = static_cast<unsigned>(__builtin_ctz(nul));
    v = _mm_and_si128(v, _mm_load_si128(reinterpret_cast<const __m128i*>(kTables.keep[k])));
    h = h * kTables.pow33[k] + block_sum(v) * kTables.inv_pow33[16 - k];
    return {h, n + k};
  }
}

// The same with AVX2: a 32-byte step's characters widened in two halves,
// four pmaddwd, one horizontal total. Near a page end, the rest is SSE2's.
__attribute__((target("avx2"))) inline uint32_t wide_sum(__m256i v) {
  const auto* low = reinterpret_cast<const __m256i*>(kTables.low);
  const auto* high = reinterpret_cast<const __m256i*>(kTables.high);
  __m256i c0 = _mm256_cvtepu8_epi16(_mm256_castsi256_si128(v));
  __m256i c1 = _mm256_cvtepu8_epi16(_mm256_extracti128_si256(v, 1));
  __m256i lows = _mm256_add_epi32(_mm256_madd_epi16(c0, _mm256_load_si256(low)),
                                  _mm256_madd_epi16(c1, _mm256_load_si256(low + 1)));
  __m256i highs = _mm256_add_epi32(_mm256_madd_epi16(c0, _mm256_load_si256(high)),
                                   _mm256_madd_epi16(c1, _mm256_load_si256(high + 1)));
  __m256i sums = _mm256_add_epi32(lows, _mm256_slli_epi32(highs, 16));
  __m128i x = _mm_add_epi32(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
  x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0x4e));
  x = _mm_add_epi32(x, _mm_shuffle_epi32(x, 0xb1));
  return static_cast<uint32_t>(_mm_cvtsi128_si32(x));
}

__attribute__((target("avx2"))) elf::HashedName hash_avx2(const unsigned char* s) {
  const __m256i zero = _mm256_setzero_si256();
  uint32_t h = 5381, n = 0;
  for (;;) {
    if ((reinterpret_cast<uintptr_t>(s + n) & (kPage - 1)) > kPage - 32) return hash_from(s, n, h);
    __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + n));
    auto nul = static_cast<unsigned>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, zero)));
    if (nul != 0) {
      unsigned k = static_cast<unsigned>(__builtin_ctz(nul));
      v = _mm256_and_si256(v, _mm256_load_si256(reinterpret_cast<const __m256i*>(kTables.keep[k])));
      return {h * kTables.pow33[k] + wide_sum(v) * kTables.inv_pow33[32 - k], n + k};
    }
    h = h * kTables.pow33[32] + wide_sum(v);
    n += 32;
  }
}

bool g_avx2 = false;

}  // namespace

void use_avx2_name_hash(bool usable) { g_avx2 = usable; }

elf::HashedName hash_symbol_name(const char* name) {
  const auto* s = reinterpret_cast<const unsigned char*>(name);
  return g_avx2 ? hash_avx2(s) : hash_from(s, 0, 5381);
}

namespace {

// The length from character n on, sixteen a step (SSE2).
uint32_t length_from(const unsigned char* s, uint32_t n) {
  const __m128i zero = _mm_setzero_si128();
  for (;;) {
    if (((reinterpret_cast<uintptr_t>(s + n) & (kPage - 1)) > kPage - 16)) {
      uintptr_t page_end = (reinterpret_cast<uintptr_t>(s + n) | (kPage - 1)) + 1;
      while (reinterpret_cast<uintptr_t>(s + n) < page_end) {
        if (s[n] == 0) return n;
        ++n;
      }
      continue;
    }
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n));
    unsigned nul = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)));
    if (nul != 0) return n + static_cast<uint32_t>(__builtin_ctz(nul));
    n += 16;
  }
}

__attribute__((target("avx2"))) uint32_t length_avx2(const unsigned char* s) {
  const __m256i zero = _mm256_setzero_si256();
  uint32_t n = 0;
  for (;;) {
    if ((reinterpret_cast<uintptr_t>(s + n) & (kPage - 1)) > kPage - 32) return length_from(s, n);
    __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + n));
    auto nul = static_cast<unsigned>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, zero)));
    if (nul != 0) return n + static_cast<uint32_t>(__builtin_ctz(nul));
    n += 32;
  }
}

}  // namespace

uint32_t symbol_name_length(const char* name) {
  const auto* s = reinterpret_cast<const unsigned char*>(name);
  return g_avx2 ? length_avx2(s) : length_from(s, 0);
}

}  // namespace ldr
