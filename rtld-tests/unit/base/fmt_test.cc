// SPDX-License-Identifier: MIT
// base::Writer into a caller's buffer and to a pipe: strings, decimal, signed
// decimal, hex with minimum widths, right-justified fields, truncation that
// keeps the buffer NUL-terminated, and flushing of long output.
#include <criterion/criterion.h>

#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "base/fmt.h"

using ldr::base::format_dec;
using ldr::base::FdWriter;
using ldr::base::Writer;

Test(base_fmt, dec_prints_full_range) {
  struct {
    uint64_t v;
    const char* want;
  } rows[] = {
      {0, "0"}, {7, "7"}, {10, "10"}, {4096, "4096"}, {0xffffffff, "4294967295"},
      {UINT64_MAX, "18446744073709551615"},  // 20 digits: format_dec's buffer is 21
  };
  for (const auto& r : rows) {
    char buf[32];
    { Writer(buf, sizeof buf).dec(r.v); }
    cr_expect_str_eq(buf, r.want);
    char tmp[21];
    cr_expect_str_eq(format_dec(r.v, tmp), r.want);
  }
}

Test(base_fmt, sdec_prints_sign) {
  struct {
    int64_t v;
    const char* want;
  } rows[] = {
      {0, "0"}, {-1, "-1"}, {127, "127"}, {-4096, "-4096"},
      {INT64_MAX, "9223372036854775807"}, {INT64_MIN, "-9223372036854775808"},
  };
  for (const auto& r : rows) {
    char buf[32];
    { Writer(buf, sizeof buf).sdec(r.v); }
    cr_expect_str_eq(buf, r.want);
  }
}

Test(base_fmt, hex_pads_to_width_but_never_truncates) {
  struct {
    uint64_t v;
    int width;
    const char* want;
  } rows[] = {
      {0, 1, "0"},         {0, 0, "0"},        {0, 4, "0000"},
      {0xab, 1, "ab"},     {0xab, 4, "00ab"},  {0x1234, 2, "1234"},
      {0x7f0000001000, 16, "00007f0000001000"},  // glibc's %016lx for addresses
      {UINT64_MAX, 1, "ffffffffffffffff"},       {UINT64_MAX, 20, "0000ffffffffffffffff"},
  };
  for (const auto& r : rows) {
    char buf[32];
    { Writer(buf, sizeof buf).hex(r.v, r.width); }
    cr_expect_str_eq(buf, r.want, "hex(%#llx, %d)", static_cast<unsigned long long>(r.v), r.width);
  }
}

Test(base_fmt, rjust_pads_left_to_width) {
  char buf[32];
  { Writer(buf, sizeof buf).rjust("42", 5).ch('|').rjust("123456", 3).ch('|').rjust("", 2); }
  cr_expect_str_eq(buf, "   42|123456|  ");
  // glibc's LD_DEBUG prefix: the PID right-aligned in 10 columns, ':', TAB.
  { Writer(buf, sizeof buf).rjust("1234", 10).str(":\t"); }
  cr_expect_str_eq(buf, "      1234:\t");
}

Test(base_fmt, chained_output_and_length) {
  char buf[64];
  Writer w(buf, sizeof buf);
  w.str("addr=0x").hex(0x1000, 8).str(" n=").dec(3).ch(' ').sdec(-2).nl();
  cr_expect_eq(w.length(), 23u);  // 7 + 8 + 3 + 1 + 1 + 2 + 1
  cr_expect_str_eq(buf, "addr=0x00001000 n=3 -2\n");  // NUL-terminated before any flush
}

Test(base_fmt, str_with_length_copies_exactly_n) {
  char buf[16];
  { Writer(buf, sizeof buf).str("abcdef", 3).str("", 0).str("xyz", 1); }
  cr_expect_str_eq(buf, "abcx");
}

Test(base_fmt, buffer_truncates_and_stays_terminated) {
  char buf[8];
  std::memset(buf, 'X', sizeof buf);
  {
    Writer w(buf, 6);  // room for 5 characters and the NUL
    w.str("hello world").dec(12345);
    cr_expect_eq(w.length(), 5u);
  }
  cr_expect_str_eq(buf, "hello");
  cr_expect_eq(buf[6], 'X', "wrote past cap");
}

Test(base_fmt, one_byte_buffer_holds_empty_string) {
  char buf[2] = {'X', 'X'};
  { Writer(buf, 1).str("abc"); }
  cr_expect_eq(buf[0], '\0');
  cr_expect_eq(buf[1], 'X');
}

Test(base_fmt, fd_writer_flushes_long_output_in_order) {
  int fds[2];
  cr_assert_eq(pipe(fds), 0);
  std::string want;
  {
    FdWriter w(fds[1]);
    for (int i = 0; i < 300; ++i) {  // 300 * 4 = 1200 bytes: more than the 512-byte buffer
      w.dec(static_cast<uint64_t>(1000 + i));
      want += std::to_string(1000 + i);
    }
  }  // the destructor flushes the rest
  close(fds[1]);
  std::string got;
  char chunk[256];
  ssize_t n;
  while ((n = read(fds[0], chunk, sizeof chunk)) > 0) got.append(chunk, static_cast<size_t>(n));
  close(fds[0]);
  cr_expect_eq(got.size(), want.size());
  cr_expect(got == want, "pipe content differs");
}

Test(base_fmt, fd_writer_holds_output_until_flush) {
  int fds[2];
  cr_assert_eq(pipe(fds), 0);
  FdWriter w(fds[1]);
  w.str("abc");
  cr_expect_eq(w.length(), 3u);
  w.flush();
  cr_expect_eq(w.length(), 0u);
  char got[4] = {};
  cr_expect_eq(read(fds[0], got, 3), 3);
  cr_expect_str_eq(got, "abc");
  close(fds[0]);
  close(fds[1]);
}
