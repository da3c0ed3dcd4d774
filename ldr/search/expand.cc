// SPDX-License-Identifier: MIT
// $ORIGIN/$LIB/$PLATFORM expansion.
#include "search/expand.h"

#include "base/mem.h"

namespace ldr::search {

namespace {

// Length of the token name at s (after '$') if it is `name`, in either the
// bare or the braced form; 0 otherwise. A bare name must end at a character
// that cannot continue an identifier.
size_t match_token(const char* s, size_t avail, const char* name) {
  size_t n = base::str_len(name);
  if (avail >= n + 2 && s[0] == '{' && __builtin_memcmp(s + 1, name, n) == 0 && s[n + 1] == '}')
    return n + 2;
  if (avail >= n && __builtin_memcmp(s, name, n) == 0) {
    if (avail == n) return n;
    char c = s[n];
    bool ident = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_';
    if (!ident) return n;
  }
  return 0;
}

}  // namespace

bool has_tokens(const char* s) {
  for (; *s != '\0'; ++s) {
    if (*s != '$') continue;
    size_t avail = base::str_len(s + 1);
    if (match_token(s + 1, avail, "ORIGIN") || match_token(s + 1, avail, "LIB") ||
        match_token(s + 1, avail, "PLATFORM"))
      return true;
  }
  return false;
}

long expand_tokens(const char* src, size_t len, const Tokens& t, char* out, size_t cap) {
  size_t o = 0;
  auto put = [&](const char* s, size_t n) {
    if (o + n >= cap) return false;
    __builtin_memcpy(out + o, s, n);
    o += n;
    return true;
  };
  for (size_t i = 0; i < len;) {
    if (src[i] == '$') {
      size_t avail = len - i - 1;
      const char* rest = src + i + 1;
      const char* value = nullptr;
      size_t used = 0;
      if ((used = match_token(rest, avail, "ORIGIN")) != 0) {
        // In secure mode glibc accepts $ORIGIN only as the whole first component.
        if (t.secure && (i != 0 || (i + 1 + used < len && rest[used] != '/'))) return -1;
        value = t.origin;
      } else if ((used = match_token(rest, avail, "PLATFORM")) != 0) {
        value = t.platform;
      } else if ((used = match_token(rest, avail, "LIB")) != 0) {
        value = t.lib;
      }
      if (used != 0) {
        if (value == nullptr || value[0] == '\0') return -1;
        if (!put(value, base::str_len(value))) return -1;
        i += 1 + used;
        continue;
      }
    }
    if (!put(src + i, 1)) return -1;
    ++i;
  }
  out[o] = '\0';
  return static_cast<long>(o);
}

}  // namespace ldr::search
