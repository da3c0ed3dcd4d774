// SPDX-License-Identifier: MIT
// search::hwcaps_priorities and its list helpers against glibc 2.36's
// elf/dl-hwcaps.c rules: the prepended names first (empty ones skipped,
// duplicates kept), then the built-ins the CPU runs and the mask lists; a
// built-in name's level whether prepended or not; the CPU asked only for
// the built-ins the mask admits.
#include <criterion/criterion.h>

#include <string>
#include <vector>

#include "search/hwcaps.h"

using ldr::search::HwcapsName;
using ldr::search::hwcaps_list_contains;
using ldr::search::hwcaps_priorities;
using ldr::search::hwcaps_priorities_capacity;

namespace {

// "name/level" for each subdirectory, joined with spaces.
std::string priorities(const char* prepend, const char* mask, unsigned cpu_level,
                       std::vector<unsigned>* asked = nullptr) {
  std::vector<HwcapsName> out(hwcaps_priorities_capacity(prepend));
  auto active = [&](unsigned level) {
    if (asked != nullptr) asked->push_back(level);
    return level <= cpu_level;
  };
  uint32_t n = hwcaps_priorities(prepend, mask, active, out.data());
  cr_assert_leq(n, out.size());
  std::string s;
  for (uint32_t i = 0; i < n; ++i) {
    if (!s.empty()) s += ' ';
    s += std::string(out[i].name, out[i].len) + "/" + std::to_string(out[i].level);
  }
  return s;
}

}  // namespace

Test(hwcaps, builtins_the_cpu_runs_highest_first) {
  cr_assert_eq(priorities(nullptr, nullptr, 4), "x86-64-v4/4 x86-64-v3/3 x86-64-v2/2");
  cr_assert_eq(priorities(nullptr, nullptr, 3), "x86-64-v3/3 x86-64-v2/2");
  cr_assert_eq(priorities(nullptr, nullptr, 1), "");
}

Test(hwcaps, prepended_names_first_empty_ones_skipped) {
  cr_assert_eq(priorities("::custom::x86-64-v2:", nullptr, 3),
               "custom/0 x86-64-v2/2 x86-64-v3/3 x86-64-v2/2");
  cr_assert_eq(hwcaps_priorities_capacity("::custom::x86-64-v2:"), 5u);
  cr_assert_eq(priorities("", nullptr, 2), "x86-64-v2/2");
}

Test(hwcaps, a_prepended_builtin_is_searched_whatever_the_cpu) {
  cr_assert_eq(priorities("x86-64-v4", nullptr, 2), "x86-64-v4/4 x86-64-v2/2");
}

Test(hwcaps, mask_limits_builtins_only) {
  cr_assert_eq(priorities("custom", "x86-64-v2", 4), "custom/0 x86-64-v2/2");
  cr_assert_eq(priorities("custom", "", 4), "custom/0");
  cr_assert_eq(priorities(nullptr, "x86-64-v3:bogus:x86-64-v4", 3), "x86-64-v3/3");
  cr_assert_eq(priorities(nullptr, "x86-64-v", 4), "");  // names match whole
}

Test(hwcaps, cpu_asked_only_for_admitted_builtins) {
  std::vector<unsigned> asked;
  priorities(nullptr, "x86-64-v3", 4, &asked);
  cr_assert_eq(asked, std::vector<unsigned>{3});
  asked.clear();
  priorities("x86-64-v4", nullptr, 4, &asked);
  cr_assert_eq(asked, (std::vector<unsigned>{4, 3, 2}));
}

Test(hwcaps, list_contains_as_glibc) {
  cr_assert(hwcaps_list_contains(nullptr, "anything", 8));
  cr_assert(hwcaps_list_contains("a:bb::c", "bb", 2));
  cr_assert(hwcaps_list_contains("a:bb::c", "c", 1));
  cr_assert_not(hwcaps_list_contains("a:bb::c", "b", 1));
  cr_assert_not(hwcaps_list_contains("", "a", 1));
  cr_assert_not(hwcaps_list_contains(":", "", 0));  // empty names are never listed
}
