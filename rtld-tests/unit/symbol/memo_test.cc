// SPDX-License-Identifier: MIT
// The lookup memo (symbol/memo.h): an answer is found again for the same
// name, version and PLT class only; names are compared, not just hashed;
// the memo forgets a changed scope; it grows past its first table in place.
#include <criterion/criterion.h>

#include <cstdio>

#include "runtime.h"
#include "symbol/memo.h"
#include "tables.h"

using unit::SymSpec;
using unit::Tables;

namespace {

struct Scope {
  Tables exe, lib;
  ldr::Module* list[2] = {&exe.m, &lib.m};
  ldr::Runtime rt{};
  Scope() {
    const SymSpec exe_syms[] = {{"main", 0x1}};
    const SymSpec lib_syms[] = {{"foo", 0x10}, {"bar", 0x11}};
    exe.build(exe_syms, 1, {});
    lib.build(lib_syms, 2, {});
    rt.scope = list;
    rt.scope_count = 2;
  }
  uint32_t index_of(const char* name) {
    for (uint32_t i = 1; i < lib.count; ++i)
      if (std::strcmp(lib.name(i), name) == 0) return i;
    return 0;
  }
};

bool ask(Scope& s, const char* name, const ldr::VersionEntry* v, bool plt, ldr::Definition* d,
         ldr::MemoQuery* q = nullptr) {
  ldr::MemoQuery local;
  if (q == nullptr) q = &local;
  ldr::memo_follow_scope(s.rt);
  ldr::MemoAnswer a = ldr::memo_ask(name, ldr::elf::gnu_hash_and_length(name), v, plt, s.rt, q, d);
  cr_assert_neq(static_cast<int>(a), static_cast<int>(ldr::MemoAnswer::kNotAsked), "%s asked", name);
  return a == ldr::MemoAnswer::kKnown;
}

// Asks for `name` (a miss) and stores the answer: lib's symbol of that name.
void remember(Scope& s, const char* name) {
  ldr::Definition d;
  ldr::MemoQuery q;
  cr_expect_not(ask(s, name, nullptr, false, &d, &q), "%s is new", name);
  ldr::memo_store(s.rt, q, 1, s.index_of(name));
}

}  // namespace

Test(symbol_memo, remembers_by_name_version_and_plt_class) {
  static Scope s;
  ++s.rt.scope_generation;  // a scope of its own (the memo is process-wide)
  ldr::Definition d;
  ldr::MemoQuery q;
  cr_expect_not(ask(s, "foo", nullptr, false, &d, &q), "empty memo");
  ldr::memo_store(s.rt, q, 1, s.index_of("foo"));
  // A different copy of the name (another object's string table) finds it.
  char copy[] = "foo";
  cr_assert(ask(s, copy, nullptr, false, &d));
  cr_expect_eq(d.module, &s.lib.m);
  cr_expect_eq(d.sym->st_value, 0x10u);
  cr_expect(ask(s, "foo", nullptr, true, &d), "PLT references share it: no canonical PLT symbols");
  ldr::VersionEntry v1{"V1", ldr::elf::sysv_hash("V1"), false, nullptr};
  ldr::VersionEntry hidden{"V1", ldr::elf::sysv_hash("V1"), true, nullptr};
  cr_expect_not(ask(s, "foo", &v1, false, &d), "a versioned reference is another question");
  ldr::memo_store(s.rt, q, 1, s.index_of("foo"));
  cr_expect_not(ask(s, "fo", nullptr, false, &d), "a prefix is another name");
  cr_expect_not(ask(s, "bar", nullptr, false, &d));
  ldr::MemoQuery qv;
  ask(s, "foo", &v1, false, &d, &qv);
  ldr::memo_store(s.rt, qv, 1, s.index_of("foo"));
  cr_expect(ask(s, "foo", &v1, false, &d));
  ldr::VersionEntry v1_elsewhere{"V1", ldr::elf::sysv_hash("V1"), false, nullptr};
  cr_expect(ask(s, "foo", &v1_elsewhere, false, &d), "the version name decides, not its entry");
  cr_expect_not(ask(s, "foo", &hidden, false, &d), "hidden is part of the question");
}

// With a canonical PLT symbol in the scope (a non-PIE executable's), a PLT
// reference may get another answer than a data reference: separate questions.
Test(symbol_memo, plt_class_counts_with_canonical_plt_symbols) {
  static Scope s;
  // main becomes an undefined symbol with a value: a canonical PLT address
  auto* sym = const_cast<ldr::elf::Elf64_Sym*>(&s.exe.m.dyn.symtab[1]);
  sym->st_shndx = ldr::elf::SHN_UNDEF;
  ++s.rt.scope_generation;
  ldr::Definition d;
  remember(s, "foo");
  cr_expect(ask(s, "foo", nullptr, false, &d));
  cr_expect_not(ask(s, "foo", nullptr, true, &d), "a PLT reference is another question");
}

Test(symbol_memo, forgets_a_changed_scope) {
  static Scope s;
  ++s.rt.scope_generation;
  ldr::Definition d;
  remember(s, "bar");
  cr_assert(ask(s, "bar", nullptr, false, &d));
  ++s.rt.scope_generation;
  cr_expect_not(ask(s, "bar", nullptr, false, &d), "generation changed");
  remember(s, "bar");
  s.rt.scope_count = 1;
  cr_expect_not(ask(s, "bar", nullptr, false, &d), "scope shortened");
}

// Over a thousand distinct questions (three names under 200 version names,
// plain and hidden) keep their answers, each for its own module. A memo may
// forget an answer homed at its table's end (probes do not wrap): a few.
Test(symbol_memo, keeps_the_answers_of_many_versions) {
  static Scope s;
  ++s.rt.scope_generation;
  static ldr::VersionEntry versions[200];
  static char vnames[200][8];
  for (int i = 0; i < 200; ++i) {
    std::snprintf(vnames[i], sizeof vnames[0], "V%d", i);
    versions[i] = ldr::VersionEntry{vnames[i], ldr::elf::sysv_hash(vnames[i]), false, nullptr};
  }
  struct Name {
    const char* text;
    uint32_t scope_index, sym_index;
  } names[3] = {{"main", 0, 1}, {"foo", 1, s.index_of("foo")}, {"bar", 1, s.index_of("bar")}};
  ldr::MemoQuery q;
  ldr::Definition d;
  static bool kept[3][400];
  int dropped = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (int k = 0; k < 3; ++k) {
      const Name& n = names[k];
      for (int i = 0; i < 400; ++i) {
        ldr::VersionEntry v = versions[i % 200];
        v.hidden = i >= 200;
        if (pass == 0) {
          cr_expect_not(ask(s, n.text, &v, false, &d, &q), "%s %d is new", n.text, i);
          ldr::memo_store(s.rt, q, n.scope_index, n.sym_index);
        }
        bool found = ask(s, n.text, &v, false, &d);
        if (pass == 0) {
          kept[k][i] = found;
          dropped += found ? 0 : 1;
        }
        cr_expect_eq(found, kept[k][i], "%s %d: the same answer again (pass %d)", n.text, i, pass);
        if (found) cr_expect_eq(d.module, s.list[n.scope_index]);
      }
    }
  }
  cr_expect_leq(dropped, 12, "%d of 1 200 answers not kept", dropped);
  cr_expect_not(ask(s, "main", nullptr, false, &d), "never asked unversioned");
}

// The memo stops asking when under 45 % of a window of 2 048 questions were
// repeats, and asks again for a new scope.
Test(symbol_memo, gives_up_when_questions_rarely_repeat) {
  static Scope s;
  ++s.rt.scope_generation;
  static char names[2048][16];
  ldr::MemoQuery q;
  ldr::Definition d;
  auto asked = [&](const char* name) {
    ldr::memo_follow_scope(s.rt);
    return ldr::memo_ask(name, ldr::elf::gnu_hash_and_length(name), nullptr, false, s.rt, &q, &d) !=
           ldr::MemoAnswer::kNotAsked;
  };
  for (int i = 0; i < 2047; ++i) {
    std::snprintf(names[i], sizeof names[i], "n%d", i);
    cr_assert(asked(names[i]), "question %d asked", i);
  }
  cr_expect_not(asked("foo"), "no repeats in a window: given up");
  cr_expect_not(asked("bar"));
  ++s.rt.scope_generation;
  cr_expect(asked("foo"), "a new scope is asked again");
}

// More answers than the first table holds (4 096 slots to 7/8 load): the
// table grows in place twice (4 096 -> 8 192 -> 16 384 slots, each answer
// moved to its new home from the bottom), and every answer is found again,
// for the right symbol, afterwards.
Test(symbol_memo, grows_in_place_and_keeps_every_answer) {
  constexpr int kNames = 30, kVersions = 250;
  static char texts[kNames][8];
  static unit::SymSpec specs[kNames];
  for (int i = 0; i < kNames; ++i) {
    std::snprintf(texts[i], sizeof texts[0], "f%02d", i);
    specs[i] = unit::SymSpec{texts[i], 0x100u + static_cast<unsigned>(i)};
  }
  static Tables exe, lib;
  const SymSpec exe_syms[] = {{"main", 0x1}};
  exe.build(exe_syms, 1, {});
  lib.build(specs, kNames, {});
  static ldr::Module* list[2] = {&exe.m, &lib.m};
  static ldr::Runtime rt{};
  rt.scope = list;
  rt.scope_count = 2;
  static ldr::VersionEntry versions[kVersions];
  static char vnames[kVersions][8];
  for (int v = 0; v < kVersions; ++v) {
    std::snprintf(vnames[v], sizeof vnames[0], "W%d", v);
    versions[v] = ldr::VersionEntry{vnames[v], ldr::elf::sysv_hash(vnames[v]), false, nullptr};
  }
  auto ask_rt = [&](int n, int v, ldr::Definition* d, ldr::MemoQuery* q) {
    ldr::memo_follow_scope(rt);
    ldr::MemoAnswer a =
        ldr::memo_ask(texts[n], ldr::elf::gnu_hash_and_length(texts[n]), &versions[v], false, rt, q, d);
    cr_assert_neq(static_cast<int>(a), static_cast<int>(ldr::MemoAnswer::kNotAsked), "%s@%d asked", texts[n], v);
    return a == ldr::MemoAnswer::kKnown;
  };
  ldr::Definition d;
  ldr::MemoQuery q;
  static bool kept[kVersions][kNames];
  int dropped = 0;
  for (int v = 0; v < kVersions; ++v) {
    for (int n = 0; n < kNames; ++n) {
      cr_expect_not(ask_rt(n, v, &d, &q), "%s@%d is new", texts[n], v);
      ldr::memo_store(rt, q, 1, static_cast<uint32_t>(n + 1));
      kept[v][n] = ask_rt(n, v, &d, &q);  // half the questions repeat: the memo keeps paying
      dropped += kept[v][n] ? 0 : 1;
    }
  }
  int lost = 0;
  for (int v = 0; v < kVersions; ++v) {
    for (int n = 0; n < kNames; ++n) {
      if (!ask_rt(n, v, &d, &q)) {
        lost += kept[v][n] ? 1 : 0;
        continue;
      }
      cr_expect_eq(d.module, &lib.m);
      cr_expect_eq(d.sym, &lib.m.dyn.symtab[n + 1], "%s@%d: the right symbol", texts[n], v);
    }
  }
  // Without wrap-around an answer homed near a table's end may not fit (a
  // memo may forget): a few of 7 500 when stored, and as few when moved.
  cr_expect_leq(dropped, 40, "%d of %d answers not kept", dropped, kNames * kVersions);
  cr_expect_leq(lost, 8, "%d kept answers lost by growing", lost);
}
