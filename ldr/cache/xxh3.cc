// SPDX-License-Identifier: MIT
// XXH3-64 with the default secret and seed 0, transcribed from the reference
// (xxhash.h 0.8.1, XXH3_64bits_internal; the long-input accumulator in
// xxHash's SSE2 form, which x86-64 always has and which gives the same values
// as the scalar one). No allocation, no tables beyond the 192-byte secret,
// unaligned reads via memcpy (x86-64 is little-endian, as the algorithm's
// reads are). The checksum of a 60 KB cache is most of the cache's start-up
// cost, hence SSE2.
#include "cache/xxh3.h"

#include <emmintrin.h>  // header-only intrinsics; freestanding builds skip <mm_malloc.h>

namespace ldr::cache {

namespace {

constexpr uint32_t kPrime32_1 = 0x9E3779B1U, kPrime32_2 = 0x85EBCA77U, kPrime32_3 = 0xC2B2AE3DU;
constexpr uint64_t kPrime64_1 = 0x9E3779B185EBCA87ULL, kPrime64_2 = 0xC2B2AE3D27D4EB4FULL,
                   kPrime64_3 = 0x165667B19E3779F9ULL, kPrime64_4 = 0x85EBCA77C2B2AE63ULL,
                   kPrime64_5 = 0x27D4EB2F165667C5ULL;
constexpr size_t kSecretSize = 192, kStripeLen = 64, kSecretConsumeRate = 8;

alignas(64) constexpr unsigned char kSecret[kSecretSize] = {
    0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
    0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
    0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
    0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
    0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
    0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
    0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
    0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
    0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
    0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
    0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
    0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
};

inline uint64_t read64(const unsigned char* p) {
  uint64_t v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
inline uint32_t read32(const unsigned char* p) {
  uint32_t v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

inline uint64_t mul128_fold64(uint64_t a, uint64_t b) {
  unsigned __int128 p = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(p) ^ static_cast<uint64_t>(p >> 64);
}

uint64_t xxh64_avalanche(uint64_t h) {
  h ^= h >> 33;
  h *= kPrime64_2;
  h ^= h >> 29;
  h *= kPrime64_3;
  return h ^ (h >> 32);
}

uint64_t xxh3_avalanche(uint64_t h) {
  h ^= h >> 37;
  h *= 0x165667919E3779F9ULL;
  return h ^ (h >> 32);
}

uint64_t rrmxmx(uint64_t h, uint64_t len) {
  h ^= rotl64(h, 49) ^ rotl64(h, 24);
  h *= 0x9FB21C651E98DF25ULL;
  h ^= (h >> 35) + len;
  h *= 0x9FB21C651E98DF25ULL;
  return h ^ (h >> 28);
}

uint64_t mix16(const unsigned char* in, const unsigned char* secret) {
  return mul128_fold64(read64(in) ^ read64(secret), read64(in + 8) ^ read64(secret + 8));
}

uint64_t len_1to3(const unsigned char* in, size_t len) {
  uint32_t combined = (uint32_t{in[0]} << 16) | (uint32_t{in[len >> 1]} << 24) |
                      uint32_t{in[len - 1]} | (static_cast<uint32_t>(len) << 8);
  uint64_t bitflip = uint64_t{read32(kSecret) ^ read32(kSecret + 4)};
  return xxh64_avalanche(uint64_t{combined} ^ bitflip);
}

uint64_t len_4to8(const unsigned char* in, size_t len) {
  uint64_t bitflip = read64(kSecret + 8) ^ read64(kSecret + 16);
  uint64_t input64 = read32(in + len - 4) + (uint64_t{read32(in)} << 32);
  return rrmxmx(input64 ^ bitflip, len);
}

uint64_t len_9to16(const unsigned char* in, size_t len) {
  uint64_t lo = read64(in) ^ (read64(kSecret + 24) ^ read64(kSecret + 32));
  uint64_t hi = read64(in + len - 8) ^ (read64(kSecret + 40) ^ read64(kSecret + 48));
  uint64_t acc = len + __builtin_bswap64(lo) + hi + mul128_fold64(lo, hi);
  return xxh3_avalanche(acc);
}

uint64_t len_17to128(const unsigned char* in, size_t len) {
  uint64_t acc = len * kPrime64_1;
  if (len > 32) {
    if (len > 64) {
      if (len > 96) {
        acc += mix16(in + 48, kSecret + 96);
        acc += mix16(in + len - 64, kSecret + 112);
      }
      acc += mix16(in + 32, kSecret + 64);
      acc += mix16(in + len - 48, kSecret + 80);
    }
    acc += mix16(in + 16, kSecret + 32);
    acc += mix16(in + len - 32, kSecret + 48);
  }
  acc += mix16(in, kSecret);
  acc += mix16(in + len - 16, kSecret + 16);
  return xxh3_avalanche(acc);
}

uint64_t len_129to240(const unsigned char* in, size_t len) {
  constexpr size_t kStartOffset = 3, kLastOffset = 17, kSecretSizeMin = 136;
  uint64_t acc = len * kPrime64_1;
  size_t rounds = len / 16;
  for (size_t i = 0; i < 8; ++i) acc += mix16(in + 16 * i, kSecret + 16 * i);
  acc = xxh3_avalanche(acc);
  for (size_t i = 8; i < rounds; ++i) acc += mix16(in + 16 * i, kSecret + 16 * (i - 8) + kStartOffset);
  acc += mix16(in + len - 16, kSecret + kSecretSizeMin - kLastOffset);
  return xxh3_avalanche(acc);
}

// One 64-byte stripe: per 64-bit lane, acc[i ^ 1] += data[i] and
// acc[i] += lo32(data ^ key) * hi32(data ^ key) (XXH3_accumulate_512_sse2).
void accumulate_512(__m128i* acc, const unsigned char* in, const unsigned char* secret) {
  for (size_t i = 0; i < 4; ++i) {
    __m128i data = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in) + i);
    __m128i key = _mm_loadu_si128(reinterpret_cast<const __m128i*>(secret) + i);
    __m128i data_key = _mm_xor_si128(data, key);
    __m128i data_key_hi = _mm_shuffle_epi32(data_key, _MM_SHUFFLE(0, 3, 0, 1));
    __m128i product = _mm_mul_epu32(data_key, data_key_hi);
    __m128i data_swap = _mm_shuffle_epi32(data, _MM_SHUFFLE(1, 0, 3, 2));
    acc[i] = _mm_add_epi64(product, _mm_add_epi64(acc[i], data_swap));
  }
}

// acc = (acc ^ (acc >> 47) ^ key) * PRIME32_1 per lane (XXH3_scrambleAcc_sse2).
void scramble(__m128i* acc, const unsigned char* secret) {
  const __m128i prime = _mm_set1_epi32(static_cast<int>(kPrime32_1));
  for (size_t i = 0; i < 4; ++i) {
    __m128i a = _mm_xor_si128(acc[i], _mm_srli_epi64(acc[i], 47));
    __m128i key = _mm_loadu_si128(reinterpret_cast<const __m128i*>(secret) + i);
    __m128i data_key = _mm_xor_si128(a, key);
    __m128i data_key_hi = _mm_shuffle_epi32(data_key, _MM_SHUFFLE(0, 3, 0, 1));
    __m128i lo = _mm_mul_epu32(data_key, prime);
    __m128i hi = _mm_mul_epu32(data_key_hi, prime);
    acc[i] = _mm_add_epi64(lo, _mm_slli_epi64(hi, 32));
  }
}

// `first` replaces the first stripe's bytes (for xxh3_64_with_hole).
uint64_t len_long(const unsigned char* in, size_t len, const unsigned char* first) {
  alignas(16) uint64_t init[8] = {kPrime32_3, kPrime64_1, kPrime64_2, kPrime64_3,
                                  kPrime64_4, kPrime32_2, kPrime64_5, kPrime32_1};
  __m128i acc[4];
  for (size_t i = 0; i < 4; ++i) acc[i] = _mm_load_si128(reinterpret_cast<const __m128i*>(init) + i);
  constexpr size_t kStripesPerBlock = (kSecretSize - kStripeLen) / kSecretConsumeRate;
  constexpr size_t kBlockLen = kStripeLen * kStripesPerBlock;
  size_t blocks = (len - 1) / kBlockLen;
  for (size_t n = 0; n < blocks; ++n) {
    for (size_t s = 0; s < kStripesPerBlock; ++s) {
      const unsigned char* p = n == 0 && s == 0 ? first : in + n * kBlockLen + s * kStripeLen;
      accumulate_512(acc, p, kSecret + s * kSecretConsumeRate);
    }
    scramble(acc, kSecret + kSecretSize - kStripeLen);
  }
  size_t stripes = ((len - 1) - kBlockLen * blocks) / kStripeLen;
  for (size_t s = 0; s < stripes; ++s) {
    const unsigned char* p = blocks == 0 && s == 0 ? first : in + blocks * kBlockLen + s * kStripeLen;
    accumulate_512(acc, p, kSecret + s * kSecretConsumeRate);
  }
  constexpr size_t kLastAccStart = 7, kMergeAccsStart = 11;
  accumulate_512(acc, in + len - kStripeLen, kSecret + kSecretSize - kStripeLen - kLastAccStart);
  alignas(16) uint64_t lanes[8];
  for (size_t i = 0; i < 4; ++i) _mm_store_si128(reinterpret_cast<__m128i*>(lanes) + i, acc[i]);
  uint64_t result = len * kPrime64_1;
  for (size_t i = 0; i < 4; ++i)
    result += mul128_fold64(lanes[2 * i] ^ read64(kSecret + kMergeAccsStart + 16 * i),
                            lanes[2 * i + 1] ^ read64(kSecret + kMergeAccsStart + 16 * i + 8));
  return xxh3_avalanche(result);
}

}  // namespace

uint64_t xxh3_64(const void* data, size_t len) {
  const auto* in = static_cast<const unsigned char*>(data);
  if (len <= 16) {
    if (len > 8) return len_9to16(in, len);
    if (len >= 4) return len_4to8(in, len);
    if (len > 0) return len_1to3(in, len);
    return xxh64_avalanche(read64(kSecret + 56) ^ read64(kSecret + 64));
  }
  if (len <= 128) return len_17to128(in, len);
  if (len <= 240) return len_129to240(in, len);
  return len_long(in, len, in);
}

uint64_t xxh3_64_with_hole(const void* data, size_t len, size_t hole) {
  const auto* in = static_cast<const unsigned char*>(data);
  unsigned char copy[240];
  if (len <= sizeof copy) {
    __builtin_memcpy(copy, in, len);
    if (hole + 8 <= len) __builtin_memset(copy + hole, 0, 8);
    return xxh3_64(copy, len);
  }
  // Long input: only the first stripe covers the hole (the last stripe
  // starts at len - 64 > 176).
  __builtin_memcpy(copy, in, kStripeLen);
  __builtin_memset(copy + hole, 0, 8);
  return len_long(in, len, copy);
}

}  // namespace ldr::cache
