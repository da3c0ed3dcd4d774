// SPDX-License-Identifier: MIT
// lookup_symbol over a Runtime built on the stack (never ldr::runtime()):
// scope order decides, COPY lookups skip the executable, and a DT_SYMBOLIC
// requester is searched before the global scope.
#include <criterion/criterion.h>

#include "runtime.h"
#include "symbol/lookup.h"
#include "tables.h"

using unit::SymSpec;
using unit::Tables;
namespace e = ldr::elf;

namespace {

struct Scope {
  Tables exe, lib1, lib2;
  ldr::Module* list[3] = {&exe.m, &lib1.m, &lib2.m};
  ldr::Runtime rt{};

  Scope() {
    const SymSpec exe_syms[] = {{"main", 0x1}, {"copied", 0x2}};
    const SymSpec lib1_syms[] = {{"foo", 0x10}, {"copied", 0x12}};
    const SymSpec lib2_syms[] = {{"foo", 0x20}, {"bar", 0x21}};
    exe.build(exe_syms, 2, {});
    lib1.build(lib1_syms, 2, {});
    lib2.build(lib2_syms, 2, {});
    exe.m.kind = ldr::ModuleKind::kExecutable;
    exe.m.name = "main";
    lib1.m.path = "/lib/lib1.so";
    lib2.m.path = "/lib/lib2.so";
    rt.scope = list;
    rt.scope_count = 3;
  }
  bool lookup(const char* name, const ldr::Module* requester, uint32_t flags,
              ldr::Definition* out) {
    ldr::SymbolRef ref = ldr::make_symbol_ref(name, nullptr);
    return ldr::lookup_symbol(rt, ref, requester, flags, out);
  }
};

}  // namespace

Test(symbol_scope, first_module_in_scope_order_wins) {
  static Scope s;
  ldr::Definition d;
  cr_assert(s.lookup("foo", &s.exe.m, 0, &d));
  cr_expect_eq(d.module, &s.lib1.m);
  cr_expect_eq(d.sym->st_value, 0x10u);
  cr_assert(s.lookup("bar", &s.exe.m, 0, &d));
  cr_expect_eq(d.module, &s.lib2.m);
  cr_expect_eq(d.sym->st_value, 0x21u);
}

Test(symbol_scope, missing_symbol_returns_false) {
  static Scope s;
  ldr::Definition d;
  cr_expect_not(s.lookup("nowhere", &s.exe.m, 0, &d));
}

Test(symbol_scope, executable_definition_interposes) {
  static Scope s;
  ldr::Definition d;
  cr_assert(s.lookup("copied", &s.lib1.m, 0, &d));
  cr_expect_eq(d.module, &s.exe.m);
  cr_expect_eq(d.sym->st_value, 0x2u);
}

Test(symbol_scope, copy_lookup_skips_the_executable) {
  static Scope s;
  ldr::Definition d;
  cr_assert(s.lookup("copied", &s.exe.m, ldr::kLookupSkipExecutable, &d));
  cr_expect_eq(d.module, &s.lib1.m);
  cr_expect_eq(d.sym->st_value, 0x12u);
  cr_expect_not(s.lookup("main", &s.exe.m, ldr::kLookupSkipExecutable, &d));
}

Test(symbol_scope, symbolic_requester_searches_itself_first) {
  static Scope s;
  ldr::Definition d;
  cr_assert(s.lookup("foo", &s.lib2.m, 0, &d));
  cr_expect_eq(d.module, &s.lib1.m, "without DT_SYMBOLIC the scope decides");
  s.lib2.m.dyn.symbolic = true;
  s.lib2.m.own_scopes_first = true;  // as decode_module sets it
  cr_assert(s.lookup("foo", &s.lib2.m, 0, &d));
  cr_expect_eq(d.module, &s.lib2.m);
  cr_expect_eq(d.sym->st_value, 0x20u);
}

Test(symbol_scope, symbolic_requester_falls_back_to_scope) {
  static Scope s;
  s.lib2.m.dyn.symbolic = true;
  s.lib2.m.own_scopes_first = true;  // as decode_module sets it
  ldr::Definition d;
  cr_assert(s.lookup("main", &s.lib2.m, 0, &d));
  cr_expect_eq(d.module, &s.exe.m);
}

Test(symbol_scope, deepbind_requester_searches_its_closure_first) {
  static Scope s;
  ldr::Module* closure[] = {&s.lib2.m};
  s.lib2.m.local_scope = closure;
  s.lib2.m.local_scope_count = 1;
  ldr::Definition d;
  cr_assert(s.lookup("foo", &s.lib2.m, 0, &d));
  cr_expect_eq(d.module, &s.lib1.m, "without RTLD_DEEPBIND the global scope comes first");
  s.lib2.m.deepbind = true;
  s.lib2.m.own_scopes_first = true;  // as dl_open sets it
  cr_assert(s.lookup("foo", &s.lib2.m, 0, &d));
  cr_expect_eq(d.module, &s.lib2.m);
  cr_assert(s.lookup("main", &s.lib2.m, 0, &d));
  cr_expect_eq(d.module, &s.exe.m, "then the global scope");
}

Test(symbol_scope, null_requester_uses_scope_only) {
  static Scope s;
  ldr::Definition d;
  cr_assert(s.lookup("foo", nullptr, 0, &d));
  cr_expect_eq(d.module, &s.lib1.m);
}

// The scope's dense bloom array follows the scope: reordered in place with
// rt.scope_generation bumped, or shortened, the next lookup sees the change.
Test(symbol_scope, bloom_array_follows_scope_changes) {
  static Scope s;
  ldr::Definition d;
  cr_assert(s.lookup("foo", &s.exe.m, 0, &d));
  cr_expect_eq(d.module, &s.lib1.m);
  s.list[1] = &s.lib2.m;  // lib2 (also defines foo) now comes first
  s.list[2] = &s.lib1.m;
  ++s.rt.scope_generation;
  cr_assert(s.lookup("foo", &s.exe.m, 0, &d));
  cr_expect_eq(d.module, &s.lib2.m, "reordered scope");
  // With lib1's filter still at index 1, "bar" (lib2 only) would be missed.
  cr_assert(s.lookup("bar", &s.exe.m, 0, &d), "bar after reordering");
  cr_expect_eq(d.module, &s.lib2.m);
  s.rt.scope_count = 2;  // lib1 leaves: "bar" is in lib2 only, "main" still found
  cr_expect_not(s.lookup("copied", &s.lib2.m, 1 /* kLookupSkipExecutable */, &d), "lib1 left the scope");
  cr_assert(s.lookup("main", &s.lib2.m, 0, &d));
  cr_expect_eq(d.module, &s.exe.m);
}
