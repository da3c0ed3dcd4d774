// SPDX-License-Identifier: MIT
// base::glibc_strtoul against glibc's _dl_strtoul rules: blanks and sign,
// decimal, 0x hexadecimal, 0 octal, the first non-digit ends the number,
// saturation, and a minus that negates modulo 2^64.
#include <criterion/criterion.h>

#include <cstdint>

#include "base/number.h"

using ldr::base::glibc_strtoul;

Test(number, bases) {
  cr_assert_eq(glibc_strtoul("42"), 42u);
  cr_assert_eq(glibc_strtoul("0x2A"), 42u);
  cr_assert_eq(glibc_strtoul("0X2a"), 42u);
  cr_assert_eq(glibc_strtoul("052"), 42u);
  cr_assert_eq(glibc_strtoul("0"), 0u);
}

Test(number, blanks_signs_and_the_end) {
  cr_assert_eq(glibc_strtoul(" \t+7"), 7u);
  cr_assert_eq(glibc_strtoul("12abc"), 12u);
  cr_assert_eq(glibc_strtoul("089"), 0u);  // octal: 8 ends it
  cr_assert_eq(glibc_strtoul(""), 0u);
  cr_assert_eq(glibc_strtoul("yes"), 0u);
  cr_assert_eq(glibc_strtoul(" - 1"), 0u);  // no digit right after the sign
}

Test(number, negation_and_saturation) {
  cr_assert_eq(glibc_strtoul("-1"), UINT64_MAX);
  cr_assert_eq(glibc_strtoul("-2"), UINT64_MAX - 1);
  cr_assert_eq(glibc_strtoul("99999999999999999999999"), UINT64_MAX);
  cr_assert_eq(glibc_strtoul("0xffffffffffffffff0"), UINT64_MAX);
}
