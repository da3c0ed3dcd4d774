// SPDX-License-Identifier: MIT
// A small buffered text writer: strings, decimal and hex numbers, into a
// caller's buffer (Writer) or to a file descriptor through a 512-byte buffer
// of its own (FdWriter). No allocation, no globals; safe to use on error
// paths. An FdWriter's buffer is flushed when full and by flush().
#pragma once

#include <cstddef>
#include <cstdint>

namespace ldr::base {

class Writer {
 public:
  // Formats into dst[0..cap) (always NUL-terminated; output beyond is dropped).
  Writer(char* dst, size_t cap) : Writer(-1, dst, cap > 0 ? cap - 1 : 0) {}
  ~Writer() { flush(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  Writer& str(const char* s);
  Writer& str(const char* s, size_t n);
  Writer& ch(char c);
  Writer& dec(uint64_t v);
  Writer& sdec(int64_t v);
  // Hex without prefix, zero-padded to at least `width` digits.
  Writer& hex(uint64_t v, int width = 1);
  // Pads `s` on the left with spaces to `width` columns (for glibc's PID column).
  Writer& rjust(const char* s, size_t width);
  Writer& nl() { return ch('\n'); }
  void flush();
  size_t length() const { return len_; }

 protected:
  Writer(int fd, char* buf, size_t cap) : fd_(fd), buf_(buf), cap_(cap) {}

 private:
  int fd_;
  char* buf_;
  size_t cap_;
  size_t len_ = 0;
};

// Writes to a file descriptor (flushes when full and on flush()). The buffer
// is a member, not Writer's: a Writer into a caller's buffer stays 32 bytes
// (the loader's stack depth is page faults).
class FdWriter : public Writer {
 public:
  explicit FdWriter(int fd) : Writer(fd, inline_, sizeof inline_) {}
  ~FdWriter() { flush(); }

 private:
  char inline_[512];
};

// Decimal digits of v into buf (at least 21 bytes); returns the NUL-terminated text.
const char* format_dec(uint64_t v, char* buf);

}  // namespace ldr::base
