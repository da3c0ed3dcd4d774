// SPDX-License-Identifier: MIT
// lookup_symbol through the scope index (scopes of kScopeIndexMinMembers
// members and more): the same answers as searching every member in order,
// across the 64-member word boundary, with a member that has only a SysV
// table (always a candidate), and after the scope changes.
#include <criterion/criterion.h>

#include <cstdio>

#include "runtime.h"
#include "symbol/lookup.h"
#include "symbol/scope_index.h"
#include "tables.h"

using unit::SymSpec;
using unit::Tables;

namespace {

constexpr uint32_t kMembers = 70;

struct BigScope {
  Tables t[kMembers];
  ldr::Module* list[kMembers];
  char names[kMembers][3][32];
  ldr::Runtime rt{};

  BigScope() {
    for (uint32_t i = 0; i < kMembers; ++i) {
      std::snprintf(names[i][0], 32, "_ZN4only%uEv", i);
      std::snprintf(names[i][1], 32, "_ZN6shared%uEv", i % 7);  // seven names, ten definers each
      std::snprintf(names[i][2], 32, "everywhere");
      SymSpec syms[3] = {{names[i][0], 0x1000 + i}, {names[i][1], 0x2000 + i}, {names[i][2], 0x3000 + i}};
      unit::TableOptions opt;
      opt.nbuckets = 2;
      if (i == 65) opt.kind = unit::HashKind::kSysv;
      t[i].build(syms, 3, opt);
      list[i] = &t[i].m;
    }
    rt.scope = list;
    rt.scope_count = kMembers;
  }

  // The first member in scope order that defines `name`, by asking each.
  const ldr::Module* expected(const char* name) {
    for (uint32_t i = 0; i < rt.scope_count; ++i) {
      ldr::SymbolRef ref = ldr::make_symbol_ref(name, nullptr);
      if (ldr::find_in_module(*rt.scope[i], ref) != nullptr) return rt.scope[i];
    }
    return nullptr;
  }

  void check_all() {
    cr_assert_not_null(ldr::scope_index(rt), "a scope of %u members is indexed", rt.scope_count);
    for (uint32_t i = 0; i < kMembers; ++i) {
      for (const char* name : {names[i][0], names[i][1], names[i][2]}) {
        ldr::SymbolRef ref = ldr::make_symbol_ref(name, nullptr);
        ldr::Definition d;
        uint32_t at = 0;
        bool found = ldr::lookup_symbol(rt, ref, nullptr, 0, &d, &at);
        const ldr::Module* want = expected(name);
        cr_expect_eq(found, want != nullptr, "%s found", name);
        if (found) {
          cr_expect_eq(d.module, want, "%s: definer", name);
          cr_expect_eq(rt.scope[at], want, "%s: scope index", name);
        }
      }
    }
  }
};

}  // namespace

Test(symbol_scope_index, same_answers_as_walking_every_member) {
  static BigScope s;
  s.check_all();
  ldr::Definition d;
  ldr::SymbolRef ref = ldr::make_symbol_ref("_ZN4only66Ev", nullptr);
  cr_assert(ldr::lookup_symbol(s.rt, ref, nullptr, 0, &d));
  cr_expect_eq(d.module, &s.t[66].m, "a member past the first 64");
  ref = ldr::make_symbol_ref("_ZN4only65Ev", nullptr);
  cr_assert(ldr::lookup_symbol(s.rt, ref, nullptr, 0, &d));
  cr_expect_eq(d.module, &s.t[65].m, "the SysV-only member");
  ref = ldr::make_symbol_ref("_ZN6shared3Ev", nullptr);
  cr_assert(ldr::lookup_symbol(s.rt, ref, nullptr, 0, &d));
  cr_expect_eq(d.module, &s.t[3].m, "the first of ten definers");
  ref = ldr::make_symbol_ref("_ZN4only70Ev", nullptr);
  cr_expect_not(ldr::lookup_symbol(s.rt, ref, nullptr, 0, &d), "defined nowhere");
}

Test(symbol_scope_index, follows_scope_changes) {
  static BigScope s;
  s.check_all();
  // Reverse the scope: "everywhere" now resolves to the last member.
  for (uint32_t i = 0; i < kMembers / 2; ++i) {
    ldr::Module* m = s.list[i];
    s.list[i] = s.list[kMembers - 1 - i];
    s.list[kMembers - 1 - i] = m;
  }
  ++s.rt.scope_generation;
  s.check_all();
  ldr::Definition d;
  ldr::SymbolRef ref = ldr::make_symbol_ref("everywhere", nullptr);
  cr_assert(ldr::lookup_symbol(s.rt, ref, nullptr, 0, &d));
  cr_expect_eq(d.module, &s.t[kMembers - 1].m);
  // Shortened to 40 members: the index is rebuilt with one word.
  s.rt.scope_count = 40;
  s.check_all();
  ref = ldr::make_symbol_ref("_ZN4only0Ev", nullptr);
  cr_expect_not(ldr::lookup_symbol(s.rt, ref, nullptr, 0, &d), "member 0 left the scope");
  // Below the threshold there is no index: the walk answers the same.
  s.rt.scope_count = ldr::kScopeIndexMinMembers - 1;
  cr_expect_null(ldr::scope_index(s.rt));
}
