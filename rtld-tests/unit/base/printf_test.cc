// SPDX-License-Identifier: MIT
// base::vformat, glibc ld.so's printf dialect: %s with ".*" precision, %u/%x
// with '0' fill and widths (literal or '*'), the l/Z/z modifiers, %p, %c, %%,
// "(null)" for a null string and unknown conversions printed as written.
#include <criterion/criterion.h>

#include <cstdarg>

#include "base/printf.h"

namespace {

const char* fmt(char* buf, size_t cap, const char* f, ...) {
  va_list ap;
  va_start(ap, f);
  {
    ldr::base::Writer w(buf, cap);
    ldr::base::vformat(w, f, ap);
  }
  va_end(ap);
  return buf;
}

}  // namespace

Test(base_printf, strings_and_precision) {
  char b[64];
  cr_expect_str_eq(fmt(b, sizeof b, "%s: %s", "ldr", "error"), "ldr: error");
  cr_expect_str_eq(fmt(b, sizeof b, "[%.*s]", 3, "abcdef"), "[abc]");
  cr_expect_str_eq(fmt(b, sizeof b, "[%.*s]", 10, "ab"), "[ab]");
  cr_expect_str_eq(fmt(b, sizeof b, "%s", static_cast<const char*>(nullptr)), "(null)");
}

Test(base_printf, unsigned_and_hex_with_fill_and_width) {
  char b[64];
  cr_expect_str_eq(fmt(b, sizeof b, "%u", 4294967295u), "4294967295");
  cr_expect_str_eq(fmt(b, sizeof b, "%lu", 18446744073709551615ul), "18446744073709551615");
  cr_expect_str_eq(fmt(b, sizeof b, "%x", 0xbeefu), "beef");
  cr_expect_str_eq(fmt(b, sizeof b, "%08x", 0xbeefu), "0000beef");
  cr_expect_str_eq(fmt(b, sizeof b, "%5u|", 42u), "   42|");
  cr_expect_str_eq(fmt(b, sizeof b, "%0*lx", 16, 0x7f00ul), "0000000000007f00");
  cr_expect_str_eq(fmt(b, sizeof b, "%Zu %zu", static_cast<size_t>(7), static_cast<size_t>(8)), "7 8");
  cr_expect_str_eq(fmt(b, sizeof b, "%d %d", 12, -12), "12 -12");
}

Test(base_printf, pointer_char_percent_and_unknown) {
  char b[64];
  cr_expect_str_eq(fmt(b, sizeof b, "%p", reinterpret_cast<void*>(0x7f0000001000)), "0x7f0000001000");
  cr_expect_str_eq(fmt(b, sizeof b, "%c%c", 'o', 'k'), "ok");
  cr_expect_str_eq(fmt(b, sizeof b, "100%%"), "100%");
  cr_expect_str_eq(fmt(b, sizeof b, "a%qb"), "a%qb");
  cr_expect_str_eq(fmt(b, sizeof b, "tail%"), "tail%");
}
