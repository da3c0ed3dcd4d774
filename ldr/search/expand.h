// SPDX-License-Identifier: MIT
// Dynamic string tokens: $ORIGIN, $LIB and $PLATFORM (also ${...}) in search
// paths and DT_NEEDED names, expanded as glibc's elf/dl-load.c does. Pure.
#pragma once

#include <cstddef>

namespace ldr::search {

// What $LIB expands to on Debian's multiarch layout.
inline constexpr const char* kLibToken = "lib/x86_64-linux-gnu";

struct Tokens {
  const char* origin;    // directory of the requesting object; nullptr if unknown
  const char* lib;       // "lib/x86_64-linux-gnu" on Debian
  const char* platform;  // AT_PLATFORM, nullptr if unknown
  bool secure;           // AT_SECURE: only a leading $ORIGIN of a trusted path
};

// Expands src[0..len) into out (cap bytes, NUL-terminated). Returns the
// length, or -1 when a token cannot be expanded (unknown origin or platform,
// or not allowed in secure mode) or the result does not fit: glibc drops such
// a path element.
long expand_tokens(const char* src, size_t len, const Tokens& tokens, char* out, size_t cap);

// True when s contains a dynamic string token.
bool has_tokens(const char* s);

}  // namespace ldr::search
