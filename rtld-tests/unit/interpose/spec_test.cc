// SPDX-License-Identifier: MIT
// interpose::split_spec, parse_manifest_line and for_each_line: every part
// of "SYMBOL[@VERSION]=LIB[:REPLACEMENT]", each malformed shape with its
// reason, manifest directives and comments, and line splitting (numbers,
// a last line without newline, NUL bytes refused).
#include <criterion/criterion.h>

#include <cstring>
#include <string>
#include <vector>

#include "interpose/spec.h"

using namespace ldr::interpose;

namespace {

struct SpecRow {
  const char* text;
  const char* symbol;
  const char* version;
  const char* library;
  const char* replacement;
  const char* error;  // nullptr: accepted
};

const SpecRow kSpecs[] = {
    {"time=./libfake.so", "time", nullptr, "./libfake.so", "time", nullptr},
    {"time=./libfake.so:fake_time", "time", nullptr, "./libfake.so", "fake_time", nullptr},
    {"malloc@GLIBC_2.2.5=libcount.so", "malloc", "GLIBC_2.2.5", "libcount.so", "malloc", nullptr},
    {"malloc@GLIBC_2.2.5=libcount.so:count", "malloc", "GLIBC_2.2.5", "libcount.so", "count", nullptr},
    {"_ZN3foo3barEv=/a:b/libx.so:_ZN3foo3bazEv", "_ZN3foo3barEv", nullptr, "/a:b/libx.so",
     "_ZN3foo3bazEv", nullptr},
    {"time", nullptr, nullptr, nullptr, nullptr, kMsgNoEquals},
    {"=lib.so", nullptr, nullptr, nullptr, nullptr, kMsgNoSymbol},
    {"time=", nullptr, nullptr, nullptr, nullptr, kMsgNoLibrary},
    {"time=:x", nullptr, nullptr, nullptr, nullptr, kMsgNoLibrary},
    {"time@=lib.so", nullptr, nullptr, nullptr, nullptr, kMsgNoVersion},
    {"time=lib.so:", nullptr, nullptr, nullptr, nullptr, kMsgNoReplacement},
    {"ti me=lib.so", nullptr, nullptr, nullptr, nullptr, kMsgBadName},
    {"a/b=lib.so", nullptr, nullptr, nullptr, nullptr, kMsgBadName},
    {"time=lib.so:a/b", nullptr, nullptr, nullptr, nullptr, kMsgBadName},
    {"time@V@W=lib.so", nullptr, nullptr, nullptr, nullptr, kMsgBadName},
};

void expect_str(const char* got, const char* want, const char* what, const char* text) {
  if (want == nullptr) {
    cr_expect_null(got, "%s of '%s' should be null, is '%s'", what, text, got);
  } else {
    cr_expect(got != nullptr && std::strcmp(got, want) == 0, "%s of '%s': want '%s', got '%s'",
              what, text, want, got != nullptr ? got : "(null)");
  }
}

}  // namespace

Test(interpose_spec, splits_every_part_and_rejects_each_malformed_shape) {
  for (const SpecRow& row : kSpecs) {
    std::string buf = row.text;
    Spec spec;
    const char* e = split_spec(buf.data(), &spec);
    expect_str(e, row.error, "error", row.text);
    if (row.error != nullptr) continue;
    expect_str(spec.symbol, row.symbol, "symbol", row.text);
    expect_str(spec.version, row.version, "version", row.text);
    expect_str(spec.library, row.library, "library", row.text);
    expect_str(spec.replacement, row.replacement, "replacement", row.text);
  }
}

Test(interpose_manifest, directives_comments_and_options) {
  struct Row {
    const char* line;
    Directive directive;
    const char* argument;
    const char* in;
    bool optional;
    const char* error;
  };
  const Row rows[] = {
      {"", Directive::kNone, nullptr, nullptr, false, nullptr},
      {"   # only a comment", Directive::kNone, nullptr, nullptr, false, nullptr},
      {"preload $ORIGIN/libx.so", Directive::kPreload, "$ORIGIN/libx.so", nullptr, false, nullptr},
      {"interpose time=lib.so", Directive::kInterpose, "time=lib.so", nullptr, false, nullptr},
      {"\tinterpose  time=lib.so  in a,b optional # c", Directive::kInterpose, "time=lib.so", "a,b",
       true, nullptr},
      {"interpose time=lib.so optional in a", Directive::kInterpose, "time=lib.so", "a", true, nullptr},
      {"interpose time=lib.so in", Directive::kInterpose, nullptr, nullptr, false, kMsgMissingArgument},
      {"interpose", Directive::kInterpose, nullptr, nullptr, false, kMsgMissingArgument},
      {"interpose time=lib.so extra", Directive::kInterpose, nullptr, nullptr, false, kMsgTrailing},
      {"interpose time=lib.so optional optional", Directive::kInterpose, nullptr, nullptr, false,
       kMsgTrailing},
      {"preload a b", Directive::kPreload, nullptr, nullptr, false, kMsgTrailing},
      {"mock time=lib.so", Directive::kNone, nullptr, nullptr, false, kMsgUnknownDirective},
  };
  for (const Row& row : rows) {
    std::string buf = row.line;
    ManifestLine line;
    const char* e = parse_manifest_line(buf.data(), &line);
    expect_str(e, row.error, "error", row.line);
    if (row.error != nullptr) continue;
    cr_expect_eq(static_cast<int>(line.directive), static_cast<int>(row.directive), "directive of '%s'",
                 row.line);
    expect_str(line.argument, row.argument, "argument", row.line);
    expect_str(line.in, row.in, "in", row.line);
    cr_expect_eq(line.optional, row.optional, "optional of '%s'", row.line);
  }
}

namespace {

struct Collected {
  std::vector<std::string> lines;
  std::vector<unsigned> numbers;
  unsigned fail_at = 0;
};

const char* collect(void* ctx, char* line, unsigned number) {
  auto* c = static_cast<Collected*>(ctx);
  c->lines.emplace_back(line);
  c->numbers.push_back(number);
  return number == c->fail_at ? "stop" : nullptr;
}

}  // namespace

Test(interpose_manifest, lines_are_numbered_and_the_last_needs_no_newline) {
  std::string text = "a\n\nb c\nlast";
  std::vector<char> buf(text.begin(), text.end());
  buf.push_back('\xff');  // the extra byte for_each_line may terminate
  Collected c;
  unsigned failed = 0;
  cr_expect_null(for_each_line(buf.data(), text.size(), collect, &c, &failed));
  cr_expect_eq(c.lines.size(), 4u);
  cr_expect(c.lines == (std::vector<std::string>{"a", "", "b c", "last"}));
  cr_expect(c.numbers == (std::vector<unsigned>{1, 2, 3, 4}));
}

Test(interpose_manifest, the_first_failing_line_stops_the_walk) {
  std::string text = "a\nb\nc\n";
  std::vector<char> buf(text.begin(), text.end());
  buf.push_back('\0');
  Collected c;
  c.fail_at = 2;
  unsigned failed = 0;
  const char* e = for_each_line(buf.data(), text.size(), collect, &c, &failed);
  cr_expect(e != nullptr && std::strcmp(e, "stop") == 0);
  cr_expect_eq(failed, 2u);
  cr_expect_eq(c.lines.size(), 2u);
}

Test(interpose_manifest, a_nul_byte_is_refused_with_its_line) {
  std::string text("ok\nbad\0line\n", 12);
  std::vector<char> buf(text.begin(), text.end());
  buf.push_back('\0');
  Collected c;
  unsigned failed = 0;
  const char* e = for_each_line(buf.data(), text.size(), collect, &c, &failed);
  cr_expect(e != nullptr && std::strcmp(e, kMsgNul) == 0);
  cr_expect_eq(failed, 2u);
}
