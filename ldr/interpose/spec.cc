// SPDX-License-Identifier: MIT
// Splitting interposition rules and manifest lines. Pure.
#include "interpose/spec.h"

#include "base/mem.h"

namespace ldr::interpose {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// A symbol or version name: no blanks, no path separator, no '='.
bool valid_name(const char* s) {
  for (; *s != '\0'; ++s)
    if (is_space(*s) || *s == '/' || *s == '=' || *s == '@' || *s == ':') return false;
  return true;
}

// The next blank-separated word of *cursor (NUL-terminated in place), or nullptr.
char* next_word(char** cursor) {
  char* p = *cursor;
  while (is_space(*p)) ++p;
  if (*p == '\0') {
    *cursor = p;
    return nullptr;
  }
  char* w = p;
  while (*p != '\0' && !is_space(*p)) ++p;
  if (*p != '\0') *p++ = '\0';
  *cursor = p;
  return w;
}

}  // namespace

const char* split_spec(char* text, Spec* out) {
  *out = Spec{};
  char* eq = nullptr;
  for (char* p = text; *p != '\0'; ++p)
    if (*p == '=') {
      eq = p;
      break;
    }
  if (eq == nullptr) return kMsgNoEquals;
  *eq = '\0';
  char* lib = eq + 1;
  // SYMBOL[@VERSION]
  char* at = nullptr;
  for (char* p = text; *p != '\0'; ++p)
    if (*p == '@') {
      at = p;
      break;
    }
  if (at != nullptr) {
    *at = '\0';
    if (at[1] == '\0') return kMsgNoVersion;
    out->version = at + 1;
    if (!valid_name(out->version)) return kMsgBadName;
  }
  if (text[0] == '\0') return kMsgNoSymbol;
  if (!valid_name(text)) return kMsgBadName;
  out->symbol = text;
  // LIB[:REPLACEMENT]: the last ':' separates, so a library path may hold one.
  char* colon = const_cast<char*>(base::str_rchr(lib, ':'));
  if (colon != nullptr) {
    *colon = '\0';
    if (colon[1] == '\0') return kMsgNoReplacement;
    out->replacement = colon + 1;
    if (!valid_name(out->replacement)) return kMsgBadName;
  }
  if (lib[0] == '\0') return kMsgNoLibrary;
  out->library = lib;
  if (out->replacement == nullptr) out->replacement = out->symbol;
  return nullptr;
}

const char* parse_manifest_line(char* line, ManifestLine* out) {
  *out = ManifestLine{};
  for (char* p = line; *p != '\0'; ++p)
    if (*p == '#') {
      *p = '\0';
      break;
    }
  char* cursor = line;
  char* directive = next_word(&cursor);
  if (directive == nullptr) return nullptr;
  if (base::str_eq(directive, "preload")) out->directive = Directive::kPreload;
  else if (base::str_eq(directive, "interpose")) out->directive = Directive::kInterpose;
  else return kMsgUnknownDirective;
  out->argument = next_word(&cursor);
  if (out->argument == nullptr) return kMsgMissingArgument;
  if (out->directive == Directive::kPreload) {
    return next_word(&cursor) == nullptr ? nullptr : kMsgTrailing;
  }
  while (char* w = next_word(&cursor)) {
    if (base::str_eq(w, "optional") && !out->optional) {
      out->optional = true;
    } else if (base::str_eq(w, "in") && out->in == nullptr) {
      out->in = next_word(&cursor);
      if (out->in == nullptr) return kMsgMissingArgument;
    } else {
      return kMsgTrailing;
    }
  }
  return nullptr;
}

const char* for_each_line(char* text, size_t size, LineFn fn, void* ctx, unsigned* failed_line) {
  unsigned number = 0;
  size_t i = 0;
  while (i < size) {
    ++number;
    size_t start = i;
    while (i < size && text[i] != '\n') {
      if (text[i] == '\0') {
        *failed_line = number;
        return kMsgNul;
      }
      ++i;
    }
    // The caller gives a buffer one byte longer than the text (for the last line).
    text[i] = '\0';
    if (const char* e = fn(ctx, text + start, number)) {
      *failed_line = number;
      return e;
    }
    ++i;
  }
  return nullptr;
}

}  // namespace ldr::interpose
