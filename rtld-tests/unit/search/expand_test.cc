// SPDX-License-Identifier: MIT
// search::expand_tokens and has_tokens: $ORIGIN, ${ORIGIN}, $LIB, $PLATFORM,
// unknown tokens kept verbatim, -1 for unknown values, secure-mode rules
// (glibc _dl_dst_substitute: only a leading whole-component $ORIGIN) and
// output buffers that are too small.
#include <criterion/criterion.h>

#include <cstring>

#include "search/expand.h"

using ldr::search::expand_tokens;
using ldr::search::has_tokens;
using ldr::search::Tokens;

namespace {

const Tokens kTokens = {"/opt/app", "lib/x86_64-linux-gnu", "x86_64", false};
const Tokens kSecure = {"/opt/app", "lib/x86_64-linux-gnu", "x86_64", true};
const Tokens kNoOrigin = {nullptr, "lib/x86_64-linux-gnu", nullptr, false};

struct Row {
  const char* src;
  const Tokens* tokens;
  const char* want;  // nullptr: -1
};

const Row kRows[] = {
    {"$ORIGIN/lib", &kTokens, "/opt/app/lib"},
    {"${ORIGIN}/lib", &kTokens, "/opt/app/lib"},
    {"$ORIGIN", &kTokens, "/opt/app"},
    {"${ORIGIN}", &kTokens, "/opt/app"},
    {"$ORIGIN/../$LIB", &kTokens, "/opt/app/../lib/x86_64-linux-gnu"},
    {"/usr/$LIB/foo", &kTokens, "/usr/lib/x86_64-linux-gnu/foo"},
    {"/usr/${LIB}x", &kTokens, "/usr/lib/x86_64-linux-gnux"},
    {"/p/$PLATFORM/x", &kTokens, "/p/x86_64/x"},
    {"/p/${PLATFORM}", &kTokens, "/p/x86_64"},
    {"$ORIGIN.d", &kTokens, "/opt/app.d"},          // '.' cannot continue a name
    {"$ORIGIN-1", &kTokens, "/opt/app-1"},
    {"$ORIGIN$ORIGIN", &kTokens, "/opt/app/opt/app"},
    {"$ORIGINAL/x", &kTokens, "$ORIGINAL/x"},       // a longer name: not a token
    {"$ORIGIN_x", &kTokens, "$ORIGIN_x"},
    {"$LIB64", &kTokens, "$LIB64"},
    {"${ORIGIN", &kTokens, "${ORIGIN"},             // unclosed brace
    {"${ORIGINX}", &kTokens, "${ORIGINX}"},
    {"$origin", &kTokens, "$origin"},               // case matters
    {"$FOO/bar", &kTokens, "$FOO/bar"},
    {"${FOO}", &kTokens, "${FOO}"},
    {"$", &kTokens, "$"},
    {"a$", &kTokens, "a$"},
    {"$$ORIGIN", &kTokens, "$/opt/app"},
    {"/usr/lib", &kTokens, "/usr/lib"},
    {"", &kTokens, ""},
    // Values that are not known drop the element.
    {"$ORIGIN/lib", &kNoOrigin, nullptr},
    {"/x/${ORIGIN}", &kNoOrigin, nullptr},
    {"/p/$PLATFORM", &kNoOrigin, nullptr},
    {"/usr/$LIB", &kNoOrigin, "/usr/lib/x86_64-linux-gnu"},
    {"$FOO", &kNoOrigin, "$FOO"},
    // Secure mode: $ORIGIN only as the whole first component.
    {"$ORIGIN/lib", &kSecure, "/opt/app/lib"},
    {"${ORIGIN}/lib", &kSecure, "/opt/app/lib"},
    {"$ORIGIN", &kSecure, "/opt/app"},
    {"/x/$ORIGIN", &kSecure, nullptr},
    {"$ORIGIN/../$ORIGIN", &kSecure, nullptr},
    {"$ORIGIN.d/lib", &kSecure, nullptr},
    {"x$ORIGIN", &kSecure, nullptr},
    {"/usr/$LIB", &kSecure, "/usr/lib/x86_64-linux-gnu"},
    {"/p/$PLATFORM", &kSecure, "/p/x86_64"},
    {"$ORIGINAL", &kSecure, "$ORIGINAL"},
};

}  // namespace

Test(search_expand, expands_each_row) {
  for (const Row& r : kRows) {
    char out[256];
    std::memset(out, 'X', sizeof out);
    long n = expand_tokens(r.src, std::strlen(r.src), *r.tokens, out, sizeof out);
    if (r.want == nullptr) {
      cr_expect_eq(n, -1, "\"%s\" (secure=%d): want -1, got %ld \"%s\"", r.src,
                   r.tokens->secure, n, n >= 0 ? out : "");
      continue;
    }
    cr_expect_eq(n, static_cast<long>(std::strlen(r.want)), "\"%s\": length %ld", r.src, n);
    if (n >= 0) cr_expect_str_eq(out, r.want, "\"%s\" -> \"%s\"", r.src, out);
  }
}

Test(search_expand, uses_only_len_bytes_of_source) {
  const char* list = "$ORIGIN:/usr/lib";  // one element of a colon list
  char out[64];
  cr_expect_eq(expand_tokens(list, 7, kTokens, out, sizeof out), 8);  // "/opt/app"
  cr_expect_str_eq(out, "/opt/app");
  // "$LIB" ends at len even though "abc" (identifier characters) follow.
  cr_expect_eq(expand_tokens("$LIBabc", 4, kTokens, out, sizeof out), 20);
  cr_expect_str_eq(out, "lib/x86_64-linux-gnu");
  cr_expect_eq(expand_tokens("$ORIGIN", 4, kTokens, out, sizeof out), 4);  // "$ORI"
  cr_expect_str_eq(out, "$ORI");
}

Test(search_expand, output_must_hold_text_and_nul) {
  char out[32];
  // "/opt/app/lib" is 12 bytes: 13 with the NUL.
  cr_expect_eq(expand_tokens("$ORIGIN/lib", 11, kTokens, out, 13), 12);
  cr_expect_str_eq(out, "/opt/app/lib");
  cr_expect_eq(expand_tokens("$ORIGIN/lib", 11, kTokens, out, 12), -1);
  cr_expect_eq(expand_tokens("$ORIGIN/lib", 11, kTokens, out, 8), -1);  // value alone is 8
  cr_expect_eq(expand_tokens("/usr/lib", 8, kTokens, out, 8), -1);      // plain text too
  cr_expect_eq(expand_tokens("/usr/lib", 8, kTokens, out, 9), 8);
  cr_expect_eq(expand_tokens("", 0, kTokens, out, 1), 0);
  cr_expect_str_eq(out, "");
}

Test(search_expand, does_not_write_past_cap) {
  char out[16];
  std::memset(out, 'X', sizeof out);
  cr_expect_eq(expand_tokens("$ORIGIN/lib", 11, kTokens, out, 10), -1);
  for (size_t i = 10; i < sizeof out; ++i) cr_expect_eq(out[i], 'X', "byte %zu written", i);
}

Test(search_expand, has_tokens_recognises_known_names) {
  struct {
    const char* s;
    bool want;
  } rows[] = {
      {"$ORIGIN/x", true},  {"/a/${ORIGIN}", true}, {"$LIB", true},    {"/x/${LIB}/y", true},
      {"$PLATFORM", true},  {"${PLATFORM}", true},  {"a:$ORIGIN", true}, {"/usr/lib", false},
      {"", false},          {"$", false},           {"a$", false},     {"$ORIGINAL", false},
      {"$LIBS", false},     {"${ORIGIN", false},    {"$FOO", false},   {"$origin", false},
      {"$$LIB", true},      {"$LIB.so", true},
  };
  for (const auto& r : rows) cr_expect_eq(has_tokens(r.s), r.want, "has_tokens(\"%s\")", r.s);
}
