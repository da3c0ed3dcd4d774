// SPDX-License-Identifier: MIT
// glibc_strtoul (base/number.h).
#include "base/number.h"

namespace ldr::base {

uint64_t glibc_strtoul(const char* s) {
  while (*s == ' ' || *s == '\t') ++s;
  bool negative = false;
  if (*s == '-') {
    negative = true;
    ++s;
  } else if (*s == '+') {
    ++s;
  }
  if (*s < '0' || *s > '9') return 0;
  unsigned base = 10, max_digit = 9;
  if (*s == '0') {
    if (s[1] == 'x' || s[1] == 'X') {
      base = 16;
      s += 2;
    } else {
      base = 8;
      max_digit = 7;
    }
  }
  uint64_t result = 0;
  for (;; ++s) {
    unsigned digit;
    if (*s >= '0' && *s <= static_cast<char>('0' + max_digit)) digit = static_cast<unsigned>(*s - '0');
    else if (base == 16 && *s >= 'a' && *s <= 'f') digit = static_cast<unsigned>(*s - 'a' + 10);
    else if (base == 16 && *s >= 'A' && *s <= 'F') digit = static_cast<unsigned>(*s - 'A' + 10);
    else break;
    if (result >= (UINT64_MAX - digit) / base) return UINT64_MAX;
    result = result * base + digit;
  }
  return negative ? 0 - result : result;
}

}  // namespace ldr::base
