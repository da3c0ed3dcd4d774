// SPDX-License-Identifier: MIT
// The two ELF symbol hash functions: SysV (gABI) and GNU (DJB, h*33+c).
#pragma once

#include <cstdint>

namespace ldr::elf {

constexpr uint32_t gnu_hash(const char* s) {
  uint32_t h = 5381;
  for (; *s != '\0'; ++s) h = h * 33 + static_cast<unsigned char>(*s);
  return h;
}

constexpr uint32_t sysv_hash(const char* s) {
  uint32_t h = 0;
  for (; *s != '\0'; ++s) {
    h = (h << 4) + static_cast<unsigned char>(*s);
    uint32_t g = h & 0xf0000000;
    if (g != 0) h ^= g >> 24;
    h &= ~g;
  }
  return h;
}

// A DT_GNU_HASH table's parts, its header decoded in this one place. Only
// for a table elf/dynamic.cc validated (header inside the image, buckets at
// or above symoffset, chains ending before gnu_count).
struct GnuHashView {
  uint32_t nbuckets, symoffset, bloom_size, shift;
  const uint64_t* bloom;
  const uint32_t* buckets;
  const uint32_t* chain;  // chain[i - symoffset] for symbol i

  explicit GnuHashView(const uint32_t* t)
      : nbuckets(t[0]), symoffset(t[1]), bloom_size(t[2]), shift(t[3]),
        bloom(reinterpret_cast<const uint64_t*>(t + 4)), buckets(t + 4 + uint64_t{t[2]} * 2),
        chain(buckets + t[0]) {}

  // The bloom filter's verdict for a hash: false means not in this table.
  bool bloom_admits(uint32_t hash) const {
    uint64_t word = bloom[(hash / 64) & (bloom_size - 1)];
    uint64_t bits = (uint64_t{1} << (hash % 64)) | (uint64_t{1} << ((hash >> shift) % 64));
    return (word & bits) == bits;
  }
};

// The GNU hash and the length of s in one pass, four characters a step
// (h * 33^4 + c0 * 33^3 + c1 * 33^2 + c2 * 33 + c3), as symbol lookup needs
// both: the hash for the tables, the length for a word-wise compare.
struct HashedName {
  uint32_t hash;
  uint32_t length;
};
constexpr HashedName gnu_hash_and_length(const char* s) {
  auto p = [s](uint32_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i])); };
  uint32_t h = 5381, n = 0;
  for (;;) {
    uint32_t c0 = p(n);
    if (c0 == 0) break;
    uint32_t c1 = p(n + 1);
    if (c1 == 0) return {h * 33 + c0, n + 1};
    uint32_t c2 = p(n + 2);
    if (c2 == 0) return {h * 1089 + c0 * 33 + c1, n + 2};
    uint32_t c3 = p(n + 3);
    if (c3 == 0) return {h * 35937 + c0 * 1089 + c1 * 33 + c2, n + 3};
    h = h * 1185921 + c0 * 35937 + c1 * 1089 + c2 * 33 + c3;
    n += 4;
  }
  return {h, n};
}

static_assert(gnu_hash("") == 5381);
static_assert(gnu_hash_and_length("").hash == 5381 && gnu_hash_and_length("").length == 0);
static_assert(gnu_hash_and_length("printf").hash == gnu_hash("printf"));
static_assert(gnu_hash_and_length("_ZNSt6vectorIiSaIiEE9push_backEOi").hash ==
              gnu_hash("_ZNSt6vectorIiSaIiEE9push_backEOi"));
static_assert(gnu_hash_and_length("abcdefg").length == 7);
static_assert(sysv_hash("") == 0);

}  // namespace ldr::elf
