// SPDX-License-Identifier: MIT
// The system-wide preload file's syntax, as glibc 2.36's rtld.c reads
// /etc/ld.so.preload: names separated by white space or ':', '#' starting a
// comment that runs to the end of its line — with glibc's quirk kept, since
// both loaders read the same file: its comment scan restarts at the top of
// the file with a window that shrinks by each comment's offset, so a comment
// can fall outside it and its text be taken for names. Pure and header-only
// (unit tests drive it).
#pragma once

#include <cstddef>

namespace ldr {

// Rewrites text[0, n) into load_preloads' list form: the comments glibc
// finds, and every tab and newline, become spaces (names keep their bytes;
// the caller NUL-terminates).
inline void preload_file_to_list(char* text, size_t n) {
  size_t rest = n;
  while (rest > 0) {
    size_t at = 0;  // the first '#' in text[0, rest) (glibc: memchr from the top)
    while (at < rest && text[at] != '#') ++at;
    if (at == rest) break;
    char* c = text + at;
    rest -= at;
    do *c = ' ';
    while (--rest > 0 && *++c != '\n');
  }
  for (size_t i = 0; i < n; ++i)
    if (text[i] == '\t' || text[i] == '\n') text[i] = ' ';
}

}  // namespace ldr
