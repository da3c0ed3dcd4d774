// SPDX-License-Identifier: MIT
// Writer: buffered formatting without libc. Must not allocate.
#include "base/fmt.h"

#include "base/mem.h"
#include "base/sys.h"

namespace ldr::base {

void Writer::flush() {
  if (fd_ < 0) {
    buf_[len_] = '\0';
    return;
  }
  size_t done = 0;
  while (done < len_) {
    long r = sys_write(fd_, buf_ + done, len_ - done);
    if (r == -4) continue;  // EINTR
    if (r <= 0) break;
    done += static_cast<size_t>(r);
  }
  len_ = 0;
}

Writer& Writer::str(const char* s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (len_ == cap_) {
      if (fd_ < 0) break;
      flush();
    }
    buf_[len_++] = s[i];
  }
  if (fd_ < 0) buf_[len_] = '\0';
  return *this;
}

Writer& Writer::str(const char* s) { return str(s, str_len(s)); }

Writer& Writer::ch(char c) { return str(&c, 1); }

const char* format_dec(uint64_t v, char* buf) {
  char* p = buf + 20;
  *p = '\0';
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  return p;
}

Writer& Writer::dec(uint64_t v) {
  char tmp[21];
  return str(format_dec(v, tmp));
}

Writer& Writer::sdec(int64_t v) {
  if (v < 0) {
    ch('-');
    return dec(static_cast<uint64_t>(0) - static_cast<uint64_t>(v));
  }
  return dec(static_cast<uint64_t>(v));
}

Writer& Writer::hex(uint64_t v, int width) {
  char tmp[17];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v != 0);
  for (int i = n; i < width; ++i) ch('0');
  while (n > 0) ch(tmp[--n]);
  return *this;
}

Writer& Writer::rjust(const char* s, size_t width) {
  size_t n = str_len(s);
  for (size_t i = n; i < width; ++i) ch(' ');
  return str(s, n);
}

}  // namespace ldr::base
