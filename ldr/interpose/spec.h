// SPDX-License-Identifier: MIT
// The text forms of interposition (docs/interposition.md): a rule
// "SYMBOL[@VERSION]=LIB[:REPLACEMENT]" and the manifest's lines
// ("preload LIB[:LIB]", "interpose RULE [in OBJECT[,OBJECT]] [optional]",
// '#' comments). Pure: splits text in place, no I/O, no allocation; every
// input is hostile and is either accepted whole or rejected with a reason.
#pragma once

#include <cstddef>

namespace ldr::interpose {

struct Spec {
  char* symbol = nullptr;       // non-empty
  char* version = nullptr;      // nullptr: the rule applies to every version
  char* library = nullptr;      // path or soname, non-empty
  char* replacement = nullptr;  // defaults to symbol
};

// Splits a rule in place. Returns nullptr, or the static reason it is malformed.
const char* split_spec(char* text, Spec* out);

enum class Directive { kNone, kPreload, kInterpose };

struct ManifestLine {
  Directive directive = Directive::kNone;  // kNone: blank or comment only
  char* argument = nullptr;  // the preload list, or the rule text
  char* in = nullptr;        // "OBJECT[,OBJECT]" after "in", or nullptr
  bool optional = false;     // the rule only warns when it cannot apply
};

// Parses one line (without its newline) in place. Returns nullptr, or the
// static reason the line is malformed.
const char* parse_manifest_line(char* line, ManifestLine* out);

// Splits text[0, size) into lines in place: calls fn(line, number) for each,
// stopping at the first non-null return, which it returns. A NUL byte in the
// text is an error (manifests are text). text must have room for size + 1
// bytes: the last line is terminated at text[size].
using LineFn = const char* (*)(void* ctx, char* line, unsigned number);
const char* for_each_line(char* text, size_t size, LineFn fn, void* ctx, unsigned* failed_line);

inline constexpr const char* kMsgNoEquals = "missing '=' between symbol and library";
inline constexpr const char* kMsgNoSymbol = "empty symbol name";
inline constexpr const char* kMsgNoVersion = "empty version after '@'";
inline constexpr const char* kMsgNoLibrary = "empty library name";
inline constexpr const char* kMsgNoReplacement = "empty replacement name after ':'";
inline constexpr const char* kMsgBadName = "symbol names cannot contain spaces, '/' or '='";
inline constexpr const char* kMsgUnknownDirective = "unknown directive (expected 'preload' or 'interpose')";
inline constexpr const char* kMsgMissingArgument = "directive without an argument";
inline constexpr const char* kMsgTrailing = "unexpected words after the rule (expected 'in OBJECT' or 'optional')";
inline constexpr const char* kMsgNul = "NUL byte in manifest";

}  // namespace ldr::interpose
