// SPDX-License-Identifier: MIT
// reloc::for_each_relr: address entries, bitmap entries (bit i+1 = the word
// i+1 after the run start), consecutive bitmaps advancing 63 words each, and
// stopping as soon as the callback returns false.
#include <criterion/criterion.h>

#include <cstdint>
#include <vector>

#include "reloc/relr.h"

using ldr::reloc::for_each_relr;

namespace {

std::vector<uint64_t> decode(const std::vector<uint64_t>& relr, bool* complete = nullptr) {
  std::vector<uint64_t> places;
  bool ok = for_each_relr(relr.data(), relr.size(), [&](uint64_t at) {
    places.push_back(at);
    return true;
  });
  if (complete != nullptr) *complete = ok;
  return places;
}

void expect_places(const std::vector<uint64_t>& got, const std::vector<uint64_t>& want,
                   const char* what) {
  cr_expect_eq(got.size(), want.size(), "%s: %zu places, want %zu", what, got.size(),
               want.size());
  for (size_t i = 0; i < got.size() && i < want.size(); ++i)
    cr_expect_eq(got[i], want[i], "%s: place %zu = %#llx, want %#llx", what, i,
                 static_cast<unsigned long long>(got[i]), static_cast<unsigned long long>(want[i]));
}

}  // namespace

Test(reloc_relr, empty_table_relocates_nothing) {
  bool complete = false;
  cr_expect(decode({}, &complete).empty());
  cr_expect(complete);
}

Test(reloc_relr, address_entries_name_single_places) {
  expect_places(decode({0x1000, 0x2008, 0x3010}), {0x1000, 0x2008, 0x3010}, "addresses");
}

Test(reloc_relr, bitmap_marks_words_after_address) {
  // 0x1000, then bitmap 0b1011 (bits 1, 3 after the tag bit): words 0 and 2
  // after 0x1008: 0x1008 + 0 * 8 = 0x1008, 0x1008 + 2 * 8 = 0x1018.
  expect_places(decode({0x1000, (0b101ULL << 1) | 1}), {0x1000, 0x1008, 0x1018}, "bitmap");
}

Test(reloc_relr, full_bitmap_covers_63_words) {
  std::vector<uint64_t> want = {0x4000};
  for (uint64_t i = 0; i < 63; ++i) want.push_back(0x4008 + 8 * i);  // 0x4008 .. 0x4008 + 62 * 8
  expect_places(decode({0x4000, ~0ULL}), want, "63 bits");
}

Test(reloc_relr, consecutive_bitmaps_advance_63_words) {
  // Bitmap 1 covers 0x1008 + [0, 63) words; bitmap 2 starts at
  // 0x1008 + 63 * 8 = 0x1200; bitmap 3 at 0x1200 + 0x1f8 = 0x13f8.
  uint64_t bit0 = (1ULL << 1) | 1;   // first word of its window
  uint64_t bit62 = (1ULL << 63) | 1; // last word of its window
  expect_places(decode({0x1000, bit0, bit0 | bit62, bit62}),
                {0x1000, 0x1008, 0x1200, 0x1200 + 62 * 8, 0x13f8 + 62 * 8}, "three bitmaps");
}

Test(reloc_relr, address_after_bitmap_restarts_the_run) {
  uint64_t bit0 = (1ULL << 1) | 1;
  expect_places(decode({0x1000, bit0, 0x8000, bit0}), {0x1000, 0x1008, 0x8000, 0x8008},
                "restart");
}

Test(reloc_relr, empty_bitmap_only_advances) {
  uint64_t none = 1;  // tag bit only
  uint64_t bit0 = (1ULL << 1) | 1;
  expect_places(decode({0x1000, none, bit0}), {0x1000, 0x1200}, "empty bitmap");  // 0x1008 + 0x1f8
}

Test(reloc_relr, stops_when_callback_returns_false) {
  std::vector<uint64_t> relr = {0x1000, (0b111ULL << 1) | 1, 0x9000};
  std::vector<uint64_t> seen;
  bool complete = for_each_relr(relr.data(), relr.size(), [&](uint64_t at) {
    seen.push_back(at);
    return seen.size() < 3;  // refuse the third place, 0x1010
  });
  cr_expect_not(complete);
  expect_places(seen, {0x1000, 0x1008, 0x1010}, "stop in bitmap");

  seen.clear();
  complete = for_each_relr(relr.data(), relr.size(), [&](uint64_t at) {
    seen.push_back(at);
    return false;
  });
  cr_expect_not(complete);
  expect_places(seen, {0x1000}, "stop at address");
}

Test(reloc_relr, one_bitmap_reaches_31_words_ahead) {
  // Places 0x10000, 0x10008, 0x10010, 0x10100 encode as 0x10000 and one
  // bitmap with words 0, 1 and 31 after 0x10008: (1 << 32) | (0b11 << 1) | 1
  // = 0x100000007 (0x10008 + 31 * 8 = 0x10100).
  std::vector<uint64_t> relr = {0x10000, (1ULL << 32) | (0b11ULL << 1) | 1};
  expect_places(decode(relr), {0x10000, 0x10008, 0x10010, 0x10100}, "31 words ahead");
}
