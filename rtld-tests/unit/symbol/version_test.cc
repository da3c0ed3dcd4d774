// SPDX-License-Identifier: MIT
// Version matching in find_in_module (glibc elf/dl-lookup.c check_match):
// versioned references against versym indices and hidden bits, unversioned
// references taking the base/oldest definition or a unique newer one (dlsym:
// the newest public one), and libraries without .gnu.version. Every row runs over GNU and SysV tables.
#include <criterion/criterion.h>

#include "elf/hash.h"
#include "symbol/lookup.h"
#include "tables.h"

using unit::found_value;
using unit::SymSpec;
using unit::Tables;
using unit::TableOptions;
namespace e = ldr::elf;

namespace {

constexpr uint16_t H = e::VERSYM_HIDDEN;

// The defining library's version table, indexed like its versym values.
// As glibc's l_versions: 0 and 1 (local, global/base) carry no name.
// sysv_hash("V_aq") == sysv_hash("V_ba") == 0x5c581: ('a' << 4) + 'q' == ('b' << 4) + 'a'.
ldr::VersionEntry g_defs[6] = {
    {nullptr, 0, false, nullptr},
    {nullptr, 0, false, nullptr},
    {"LIB_1.0", e::sysv_hash("LIB_1.0"), false, nullptr},
    {"LIB_2.0", e::sysv_hash("LIB_2.0"), false, nullptr},
    {"LIB_3.0", e::sysv_hash("LIB_3.0"), false, nullptr},
    {"V_aq", e::sysv_hash("V_aq"), false, nullptr},
};

// What a requesting object needs (its own Vernaux entries).
const ldr::VersionEntry kNeed1 = {"LIB_1.0", e::sysv_hash("LIB_1.0"), false, "libx.so"};
const ldr::VersionEntry kNeed2 = {"LIB_2.0", e::sysv_hash("LIB_2.0"), false, "libx.so"};
const ldr::VersionEntry kNeed2Hidden = {"LIB_2.0", e::sysv_hash("LIB_2.0"), true, "libx.so"};
const ldr::VersionEntry kNeed2BadHash = {"LIB_2.0", e::sysv_hash("LIB_2.0") + 1, false, "libx.so"};
const ldr::VersionEntry kNeedCollide = {"V_ba", e::sysv_hash("V_ba"), false, "libx.so"};
const ldr::VersionEntry kNeedOther = {"OTHER_1", e::sysv_hash("OTHER_1"), false, "liby.so"};

struct Row {
  const char* what;
  uint16_t versyms[3];  // for up to three definitions of "foo", values 0x100, 0x200, 0x300
  int defs;
  bool has_versym;
  const ldr::VersionEntry* need;
  uint64_t expect;  // st_value found, 0 for none
};

const Row kRows[] = {
    // Versioned references.
    {"foo@@LIB_2.0 for LIB_2.0", {3}, 1, true, &kNeed2, 0x100},
    {"only foo@LIB_1.0 for LIB_2.0", {2}, 1, true, &kNeed2, 0},
    {"foo@LIB_1.0, foo@@LIB_2.0 for LIB_1.0", {2, 3}, 2, true, &kNeed1, 0x100},
    {"foo@LIB_1.0, foo@@LIB_2.0 for LIB_2.0", {2, 3}, 2, true, &kNeed2, 0x200},
    {"hidden foo@LIB_1.0 is still taken for exactly LIB_1.0", {2 | H, 3}, 2, true, &kNeed1, 0x100},
    {"unversioned (index 1) definition accepted for LIB_2.0", {1}, 1, true, &kNeed2, 0x100},
    {"local index 0 definition accepted for LIB_2.0", {0}, 1, true, &kNeed2, 0x100},
    {"hidden index 1 definition rejected for LIB_2.0", {1 | H}, 1, true, &kNeed2, 0},
    {"hidden reference refuses an unversioned definition", {1}, 1, true, &kNeed2Hidden, 0},
    {"hidden reference still takes its exact version", {3}, 1, true, &kNeed2Hidden, 0x100},
    {"same name, different hash: not the version", {3}, 1, true, &kNeed2BadHash, 0},
    {"unknown version OTHER_1 vs foo@@LIB_3.0", {4}, 1, true, &kNeedOther, 0},
    {"V_ba has V_aq's hash but not its name", {5}, 1, true, &kNeedCollide, 0},
    {"library without versym accepts any reference version", {0}, 1, false, &kNeed2, 0x100},
    {"without versym: first definition in chain", {0, 0}, 2, false, &kNeedOther, 0x100},
    // Unversioned references.
    {"no versym: plain match", {0}, 1, false, nullptr, 0x100},
    {"index 1: plain match", {1}, 1, true, nullptr, 0x100},
    {"index 2 (oldest) taken directly", {2}, 1, true, nullptr, 0x100},
    {"LIB_2.0 first, LIB_1.0 second: the oldest wins", {3, 2}, 2, true, nullptr, 0x200},
    {"unique newer LIB_2.0 taken as fallback", {3}, 1, true, nullptr, 0x100},
    {"two newer versions are ambiguous", {3, 4}, 2, true, nullptr, 0},
    {"hidden newer version is not a fallback", {3 | H}, 1, true, nullptr, 0},
    {"hidden LIB_2.0 and visible LIB_3.0: LIB_3.0", {3 | H, 4}, 2, true, nullptr, 0x200},
    {"hidden index 2 is still taken (only >= 3 is deferred)", {2 | H}, 1, true, nullptr, 0x100},
    {"direct match beats an earlier fallback", {4, 1}, 2, true, nullptr, 0x200},
    {"three newer versions are ambiguous", {3, 4, 3}, 3, true, nullptr, 0},
};

uint64_t run(const Row& r, unit::HashKind kind) {
  SymSpec specs[3];
  for (int i = 0; i < r.defs; ++i)
    specs[i] = {"foo", 0x100u * (i + 1), e::STB_GLOBAL, e::STT_FUNC, 7, r.versyms[i]};
  TableOptions opt;
  opt.kind = kind;
  opt.versym = r.has_versym;
  Tables t;
  t.build(specs, static_cast<uint32_t>(r.defs), opt);
  t.m.versions = g_defs;
  t.m.version_count = 6;
  return found_value(t.m, "foo", r.need);
}

// SysV chains are walked last symbol first (the builder prepends), GNU
// chains in index order; rows whose answer depends on order say so.
bool order_free(const Row& r) {
  return r.defs < 2 || r.expect == 0 || r.versyms[0] != r.versyms[1];
}

}  // namespace

Test(symbol_version, check_match_rules_over_gnu_hash) {
  for (const Row& r : kRows) {
    uint64_t got = run(r, unit::HashKind::kGnu);
    cr_expect_eq(got, r.expect, "%s: got %#llx", r.what, static_cast<unsigned long long>(got));
  }
}

Test(symbol_version, check_match_rules_over_sysv_hash) {
  for (const Row& r : kRows) {
    if (!order_free(r)) continue;
    uint64_t got = run(r, unit::HashKind::kSysv);
    cr_expect_eq(got, r.expect, "%s: got %#llx", r.what, static_cast<unsigned long long>(got));
  }
}

Test(symbol_version, sysv_walk_order_decides_between_equal_definitions) {
  // Two unversioned definitions without versym: SysV visits symbol 2 first.
  const Row r = {"two plain definitions", {0, 0}, 2, false, nullptr, 0x100};
  cr_expect_eq(run(r, unit::HashKind::kSysv), 0x200u);
  cr_expect_eq(run(r, unit::HashKind::kGnu), 0x100u);
}

Test(symbol_version, version_index_beyond_table_is_treated_as_unversioned) {
  // versym 7 with a 6-entry table: no VersionEntry, so like index 1 (hash 0).
  const Row visible = {"index 7", {7}, 1, true, &kNeed2, 0x100};
  cr_expect_eq(run(visible, unit::HashKind::kGnu), visible.expect);
  const Row hidden = {"hidden index 7", {7 | H}, 1, true, &kNeed2, 0};
  cr_expect_eq(run(hidden, unit::HashKind::kGnu), hidden.expect);
}

Test(symbol_version, dlsym_takes_the_newest_public_version) {
  // glibc's DL_LOOKUP_RETURN_NEWEST (dlsym): index 2 is deferred as well, so
  // a hidden foo@LIB_1.0 loses to foo@@LIB_2.0 wherever it sits in the chain.
  const struct {
    Row row;
    uint64_t relocation;  // what a relocation's unversioned reference finds
  } rows[] = {
      {{"hidden foo@LIB_1.0, foo@@LIB_2.0", {2 | H, 3}, 2, true, nullptr, 0x200}, 0x100},
      {{"foo@@LIB_2.0, hidden foo@LIB_1.0", {3, 2 | H}, 2, true, nullptr, 0x100}, 0x200},
      {{"only hidden foo@LIB_1.0", {2 | H}, 1, true, nullptr, 0}, 0x100},
      {{"only visible foo@@LIB_1.0", {2}, 1, true, nullptr, 0x100}, 0x100},
      {{"visible LIB_1.0 and LIB_2.0 are ambiguous", {2, 3}, 2, true, nullptr, 0}, 0x100},
      {{"index 1 matches outright", {3, 1}, 2, true, nullptr, 0x200}, 0x200},
  };
  for (const auto& c : rows) {
    const Row& r = c.row;
    SymSpec specs[3];
    for (int i = 0; i < r.defs; ++i)
      specs[i] = {"foo", 0x100u * (i + 1), e::STB_GLOBAL, e::STT_FUNC, 7, r.versyms[i]};
    TableOptions opt;
    opt.versym = true;
    Tables t;
    t.build(specs, static_cast<uint32_t>(r.defs), opt);
    t.m.versions = g_defs;
    t.m.version_count = 6;
    ldr::SymbolRef ref = ldr::make_symbol_ref("foo", nullptr);
    ref.newest = true;
    const e::Elf64_Sym* s = ldr::find_in_module(t.m, ref);
    uint64_t got = s != nullptr ? s->st_value : 0;
    cr_expect_eq(got, r.expect, "%s (dlsym): got %#llx", r.what, static_cast<unsigned long long>(got));
    got = run(r, unit::HashKind::kGnu);
    cr_expect_eq(got, c.relocation, "%s (relocation): got %#llx", r.what,
                 static_cast<unsigned long long>(got));
  }
}

static_assert(e::sysv_hash("V_aq") == e::sysv_hash("V_ba"));
