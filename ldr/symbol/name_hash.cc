// SPDX-License-Identifier: MIT
// hash_symbol_name: h = h * 33^16 + sum(c_j * 33^(15 - j)) per 16-byte block,
// the products eight at a time with SSE2's pmaddwd. A block holding the NUL
// is masked and scaled back by the inverse of 33 (odd, so invertible modulo
// 2^32). A block that would cross a page boundary is done a byte at a time:
// the string may end just before an unmapped page.
#include "symbol/name_hash.h"

#include <emmintrin.h>

#include <cstdint>

namespace ldr {

namespace {

struct Tables {
  uint32_t pow33[17];     // 33^i mod 2^32
  uint32_t inv_pow33[17]; // 33^-i mod 2^32
  // 33^(15 - j) for character j split for pmaddwd's signed 16-bit lanes:
  // low[j] + 65536 * high[j] = 33^(15 - j) mod 2^32 with low[j] read signed
  // (a negative low half borrows one from the high half).
  alignas(16) int16_t low[16];
  alignas(16) int16_t high[16];
  alignas(16) uint8_t keep[17][16];       // keep[k]: 0xff for the first k bytes
};

constexpr Tables make_tables() {
  Tables t{};
  uint32_t inverse = 33;  // Newton's iteration: correct to 3 bits, doubling each step
  for (int i = 0; i < 5; ++i) inverse *= 2 - 33 * inverse;
  t.pow33[0] = t.inv_pow33[0] = 1;
  for (int i = 1; i <= 16; ++i) {
    t.pow33[i] = t.pow33[i - 1] * 33;
    t.inv_pow33[i] = t.inv_pow33[i - 1] * inverse;
  }
  for (int j = 0; j < 16; ++j) {
    uint32_t p = t.pow33[15 - j];
    auto lo = static_cast<uint16_t>(p & 0xffff), hi = static_cast<uint16_t>(p >> 16);
    t.low[j] = static_cast<int16_t>(lo);
    t.high[j] = static_cast<int16_t>(static_cast<uint16_t>(hi + (lo >= 0x8000 ? 1 : 0)));
  }
  for (int k = 0; k <= 16; ++k)
    for (int j = 0; j < 16; ++j) t.keep[k][j] = j < k ? 0xff : 0;
  return t;
}

constexpr Tables kTables = make_tables();
static_assert(kTables.pow33[1] * kTables.inv_pow33[1] == 1);
static_assert(kTables.pow33[16] * kTables.inv_pow33[16] == 1);

constexpr uintptr_t kPage = 4096;

// sum(c_j * 33^(15 - j)) over the 16 bytes of v, modulo 2^32: pmaddwd
// multiplies the characters (as 16-bit lanes) by both halves of each power
// and adds pairs; the high products count 65536 times.
inline uint32_t block_sum(__m128i v) {
  const __m128i zero = _mm_setzero_si128();
  const auto* low = reinterpret_cast<const __m128i*>(kTables.low);
  const auto* high = reinterpret_cast<const __m128i*>(kTables.high);
  __m128i c0 = _mm_unpacklo_epi8(v, zero), c1 = _mm_unpackhi_epi8(v, zero);
  __m128i lows = _mm_add_epi32(_mm_madd_epi16(c0, _mm_load_si128(low)), _mm_madd_epi16(c1, _mm_load_si128(low + 1)));
  __m128i highs = _mm_add_epi32(_mm_madd_epi16(c0, _mm_load_si128(high)), _mm_madd_epi16(c1, _mm_load_si128(high + 1)));
  __m128i sums = _mm_add_epi32(lows, _mm_slli_epi32(highs, 16));
  sums = _mm_add_epi32(sums, _mm_shuffle_epi32(sums, 0x4e));
  sums = _mm_add_epi32(sums, _mm_shuffle_epi32(sums, 0xb1));
  return static_cast<uint32_t>(_mm_cvtsi128_si32(sums));
}

// XXH3's 16-byte mix with two fixed secret words (the first of its default
// secret): each half xored with one, multiplied 64 x 64 -> 128, folded.
constexpr uint64_t kKeySecret0 = 0xbe4ba423396cfeb8, kKeySecret1 = 0x1cad21f72c81017c;

inline uint64_t mix16(__m128i v) {
  uint64_t lo = static_cast<uint64_t>(_mm_cvtsi128_si64(v));
  uint64_t hi = static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v)));
  __uint128_t p = static_cast<__uint128_t>(lo ^ kKeySecret0) * (hi ^ kKeySecret1);
  return static_cast<uint64_t>(p) ^ static_cast<uint64_t>(p >> 64);
}

// The 16 bytes at s as far as the NUL (zeros after it), a byte at a time:
// for a block that would cross into the next page.
__attribute__((noinline)) __m128i copy_block(const unsigned char* s) {
  alignas(16) unsigned char copy[16] = {};
  for (int i = 0; i < 16 && s[i] != 0; ++i) copy[i] = s[i];
  return _mm_load_si128(reinterpret_cast<const __m128i*>(copy));
}

inline uint64_t rotl29(uint64_t x) { return x << 29 | x >> 35; }

// The last address where a 16-byte block still ends within p's page.
inline uintptr_t last_whole_block(const unsigned char* p) {
  return (reinterpret_cast<uintptr_t>(p) | (kPage - 1)) - 15;
}

}  // namespace

// Each block's mix is added to the accumulator rotated, so equal blocks in
// different places count differently.
NameKey hash_name_key(const char* name) {
  const auto* s = reinterpret_cast<const unsigned char*>(name);
  const auto* p = s;
  uintptr_t last_whole = last_whole_block(s);
  uint64_t acc = 0;
  for (;; p += 16) {
    __m128i v;
    if (reinterpret_cast<uintptr_t>(p) <= last_whole) {
      v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    } else {
      v = copy_block(p);
      last_whole = last_whole_block(p + 16);
    }
    unsigned nul = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())));
    if (nul != 0) {
      unsigned k = static_cast<unsigned>(__builtin_ctz(nul));
      v = _mm_and_si128(v, _mm_load_si128(reinterpret_cast<const __m128i*>(kTables.keep[k])));
      acc = rotl29(acc) + mix16(v);
      p += k;
      break;
    }
    acc = rotl29(acc) + mix16(v);
  }
  auto n = static_cast<uint32_t>(p - s);
  // XXH3's avalanche over the sum and the length.
  uint64_t h = acc ^ (uint64_t{n} * 0x9e3779b185ebca87);
  h ^= h >> 37;
  h *= 0x165667919e3779f9;
  h ^= h >> 32;
  return {h, n};
}

elf::HashedName hash_symbol_name(const char* name) {
  const auto* s = reinterpret_cast<const unsigned char*>(name);
  uint32_t h = 5381, n = 0;
  for (;;) {
    if (((reinterpret_cast<uintptr_t>(s + n) & (kPage - 1)) > kPage - 16)) {
      // The block would cross a page: bytes until the NUL or the next page.
      uintptr_t page_end = (reinterpret_cast<uintptr_t>(s + n) | (kPage - 1)) + 1;
      while (reinterpret_cast<uintptr_t>(s + n) < page_end) {
        if (s[n] == 0) return {h, n};
        h = h * 33 + s[n++];
      }
      continue;
    }
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n));
    unsigned nul = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())));
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

}  // namespace ldr
