// SPDX-License-Identifier: MIT
// cache::xxh3_64 (the loader's own XXH3-64) against libxxhash's XXH3_64bits:
// every length 0..1024 at three alignments, the block boundaries of the long
// path up to 70 000 bytes, and the checksum variant with its 8-byte hole.
#include <criterion/criterion.h>
#include <xxhash.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "cache/xxh3.h"

namespace {

std::vector<unsigned char> pseudo_random(size_t n, uint32_t seed) {
  std::vector<unsigned char> v(n);
  uint32_t x = seed;
  for (auto& c : v) {
    x = x * 1103515245u + 12345u;  // fixed LCG: the same bytes on every run
    c = static_cast<unsigned char>(x >> 16);
  }
  return v;
}

}  // namespace

Test(cache_xxh3, empty_input_is_the_published_value) {
  // XXH3_64bits("", 0) from xxHash's own test vectors.
  cr_assert_eq(ldr::cache::xxh3_64("", 0), 0x2D06800538D394C2ULL);
}

Test(cache_xxh3, every_length_to_1024_matches_libxxhash) {
  auto data = pseudo_random(1024 + 16, 1);
  for (size_t align = 0; align < 3; ++align) {
    for (size_t len = 0; len <= 1024; ++len) {
      const unsigned char* p = data.data() + align * 5;
      cr_assert_eq(ldr::cache::xxh3_64(p, len), XXH3_64bits(p, len), "len %zu align %zu", len, align * 5);
    }
  }
}

Test(cache_xxh3, long_inputs_across_block_boundaries_match_libxxhash) {
  auto data = pseudo_random(70000, 7);
  for (size_t len : {1025ul, 1087ul, 1088ul, 1089ul, 2047ul, 2048ul, 2049ul, 4096ul, 65535ul, 70000ul}) {
    cr_assert_eq(ldr::cache::xxh3_64(data.data(), len), XXH3_64bits(data.data(), len), "len %zu", len);
  }
}

Test(cache_xxh3, soname_like_strings_match_libxxhash) {
  const char* names[] = {"libc.so.6", "ld-linux-x86-64.so.2", "libstdc++.so.6", "libz.so.1",
                         "libgtk-3.so.0", "libLLVM-14.so.1", "a", "libx.so.123456789012345678901234567890"};
  for (const char* n : names)
    cr_assert_eq(ldr::cache::xxh3_64(n, std::strlen(n)), XXH3_64bits(n, std::strlen(n)), "%s", n);
}

Test(cache_xxh3, hole_variant_equals_hashing_a_zeroed_copy) {
  auto data = pseudo_random(5000, 3);
  for (size_t len : {48ul, 100ul, 128ul, 200ul, 240ul, 241ul, 300ul, 1024ul, 1025ul, 5000ul}) {
    std::vector<unsigned char> zeroed(data.begin(), data.begin() + static_cast<long>(len));
    std::memset(zeroed.data() + 40, 0, 8);
    cr_assert_eq(ldr::cache::xxh3_64_with_hole(data.data(), len, 40), XXH3_64bits(zeroed.data(), len),
                 "len %zu", len);
  }
}
