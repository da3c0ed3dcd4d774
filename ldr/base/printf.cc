// SPDX-License-Identifier: MIT
// vformat: glibc ld.so's printf subset. Unknown conversions print as-is.
#include "base/printf.h"

namespace ldr::base {

void vformat(Writer& w, const char* fmt, va_list args) {
  while (*fmt != '\0') {
    if (*fmt != '%') {
      w.ch(*fmt++);
      continue;
    }
    const char* start = fmt++;
    char fill = ' ';
    int width = -1, prec = -1;
    bool is_long = false;
    if (*fmt == '0') {
      fill = '0';
      ++fmt;
    }
    if (*fmt == '*') {
      width = va_arg(args, int);
      ++fmt;
    } else {
      while (*fmt >= '0' && *fmt <= '9') width = (width < 0 ? 0 : width * 10) + (*fmt++ - '0');
    }
    if (fmt[0] == '.' && fmt[1] == '*') {
      prec = va_arg(args, int);
      fmt += 2;
    }
    if (*fmt == 'l' || *fmt == 'Z' || *fmt == 'z') {
      is_long = true;
      ++fmt;
    }
    switch (*fmt) {
      case 'd':
      case 'i':
      case 'u':
      case 'x':
      case 'p': {
        unsigned long v = (is_long || *fmt == 'p') ? va_arg(args, unsigned long) : va_arg(args, unsigned int);
        bool negative = false;
        if (*fmt == 'd' || *fmt == 'i') {
          long sv = is_long ? static_cast<long>(v) : static_cast<int>(v);
          negative = sv < 0;
          if (negative) v = static_cast<unsigned long>(-sv);
        }
        char digits[24];
        int n = 0;
        unsigned base = (*fmt == 'x' || *fmt == 'p') ? 16 : 10;
        do {
          digits[n++] = "0123456789abcdef"[v % base];
          v /= base;
        } while (v != 0);
        if (*fmt == 'p') w.str("0x");
        if (negative) w.ch('-');
        for (int i = n + (negative ? 1 : 0); i < width; ++i) w.ch(fill);
        while (n > 0) w.ch(digits[--n]);
        break;
      }
      case 's': {
        const char* s = va_arg(args, const char*);
        if (s == nullptr) s = "(null)";
        size_t len = 0;
        while (s[len] != '\0' && (prec < 0 || len < static_cast<size_t>(prec))) ++len;
        w.str(s, len);
        break;
      }
      case 'c': w.ch(static_cast<char>(va_arg(args, int))); break;
      case '%': w.ch('%'); break;
      default:
        w.str(start, static_cast<size_t>(fmt - start) + (*fmt != '\0' ? 1 : 0));
        if (*fmt == '\0') return;
        break;
    }
    ++fmt;
  }
}

}  // namespace ldr::base
