// SPDX-License-Identifier: MIT
// libFuzzer target: the loader's hostile text forms. The input is an
// interposition manifest (interpose/spec.h: lines, directives, rules split
// in place) and, cut at its first newline, a search-path element expanded
// for $ORIGIN, $LIB and $PLATFORM (search/expand.h) in normal and secure
// mode, into buffers sized as the loader sizes them. Accepted pieces are
// read to their ends.
#include <cstdint>
#include <cstring>
#include <vector>

#include "interpose/spec.h"
#include "search/expand.h"

namespace ip = ldr::interpose;

namespace {

volatile size_t g_sink;

void read(const char* s) {
  if (s != nullptr) g_sink = g_sink + std::strlen(s);
}

const char* on_line(void*, char* line, unsigned) {
  ip::ManifestLine l;
  if (const char* why = ip::parse_manifest_line(line, &l)) return why;
  read(l.argument);
  read(l.in);
  if (l.directive == ip::Directive::kInterpose && l.argument != nullptr) {
    ip::Spec s;
    if (ip::split_spec(l.argument, &s) == nullptr) {
      read(s.symbol);
      read(s.version);
      read(s.library);
      read(s.replacement);
    }
  }
  return nullptr;
}

void expand(const char* src, size_t len) {
  for (bool secure : {false, true}) {
    for (const char* origin : {"/usr/lib/x86_64-linux-gnu", static_cast<const char*>(nullptr)}) {
      ldr::search::Tokens t{origin, "lib/x86_64-linux-gnu", "x86_64", secure};
      char out[4096];
      long n = ldr::search::expand_tokens(src, len, t, out, sizeof out);
      if (n >= 0) g_sink = g_sink + std::strlen(out) + static_cast<size_t>(n);
    }
  }
  std::vector<char> z(src, src + len);
  z.push_back('\0');
  g_sink = g_sink + ldr::search::has_tokens(z.data());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<char> text(data, data + size);
  text.push_back('\0');  // for_each_line's room for the last line's NUL
  unsigned failed = 0;
  (void)ip::for_each_line(text.data(), size, on_line, nullptr, &failed);
  const char* src = reinterpret_cast<const char*>(data);
  const void* nl = std::memchr(src, '\n', size);
  expand(src, nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - src) : size);
  return 0;
}
