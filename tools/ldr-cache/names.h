// SPDX-License-Identifier: MIT
// ldconfig's rules about library file names: which names are considered at
// all, and glibc's digit-aware order (_dl_cache_libcmp) used to pick the
// newest file of a soname and to sort `-p` output. Pure string functions.
#pragma once

#include <string>

namespace ldr_cache {

// glibc's _dl_cache_libcmp: digit runs compare numerically
// ("libfoo.so.10" > "libfoo.so.9"); < 0, 0 or > 0 like strcmp.
int libcmp(const char* a, const char* b);

// lib*.so* or ld-*.so*, without ';', not ending in .dpkg.tmp or .dpkg.new
// (glibc 2.39's filter; 2.36 lacks the last three rules).
bool is_library_name(const std::string& name);

}  // namespace ldr_cache
