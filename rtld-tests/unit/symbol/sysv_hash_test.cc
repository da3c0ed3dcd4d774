// SPDX-License-Identifier: MIT
// find_in_module over built SysV (DT_HASH) tables: names found in every
// bucket, absent ones rejected, the SysV hash computed once per reference,
// and corrupt chains (cycles, indices past nchain) ending the walk.
#include <criterion/criterion.h>

#include "symbol/lookup.h"
#include "tables.h"

using unit::find;
using unit::find_plt;
using unit::found_value;
using unit::SymSpec;
using unit::Tables;
using unit::TableOptions;
namespace e = ldr::elf;

namespace {

const SymSpec kSyms[] = {
    {"printf", 0x1010}, {"exit", 0x1020}, {"__libc_start_main", 0x1030}, {"malloc", 0x1040},
    {"free", 0x1050},   {"memcpy", 0x1060}, {"Ez", 0x1070},            {"FY", 0x1080},
};
constexpr uint32_t kCount = sizeof kSyms / sizeof kSyms[0];

TableOptions sysv(uint32_t nbuckets) {
  TableOptions o;
  o.kind = unit::HashKind::kSysv;
  o.nbuckets = nbuckets;
  return o;
}

}  // namespace

Test(symbol_sysv_hash, finds_every_symbol_for_any_bucket_count) {
  for (uint32_t nbuckets : {1u, 2u, 3u, 17u}) {
    Tables t;
    t.build(kSyms, kCount, sysv(nbuckets));
    cr_assert_null(t.m.dyn.gnu_hash);
    cr_assert_not_null(t.m.dyn.sysv_hash);
    for (const SymSpec& s : kSyms)
      cr_expect_eq(found_value(t.m, s.name), s.value, "%s with %u buckets", s.name, nbuckets);
  }
}

Test(symbol_sysv_hash, rejects_absent_names) {
  Tables t;
  t.build(kSyms, kCount, sysv(3));
  for (const char* n : {"", "print", "printf_", "calloc", "EZ"})
    cr_expect_eq(found_value(t.m, n), 0u, "\"%s\" found", n);
}

Test(symbol_sysv_hash, computes_sysv_hash_once_into_reference) {
  Tables t;
  t.build(kSyms, kCount, sysv(3));
  ldr::SymbolRef ref = ldr::make_symbol_ref("memcpy", nullptr);
  cr_assert_not(ref.sysv_hash_known);
  cr_expect_not_null(ldr::find_in_module(t.m, ref));
  cr_expect(ref.sysv_hash_known);
  cr_expect_eq(ref.sysv_hash, 0x073c3a79u);  // sysv_hash("memcpy")
  // A cached value is trusted: a wrong one sends the walk to another bucket.
  ref.sysv_hash = 0x073c3a79u + 1;  // 3 buckets: bucket (h + 1) % 3 != h % 3
  cr_expect_null(ldr::find_in_module(t.m, ref));
}

Test(symbol_sysv_hash, zero_buckets_find_nothing) {
  Tables t;
  t.build(kSyms, kCount, sysv(1));
  t.at<uint32_t>(unit::kHash)[0] = 0;
  cr_expect_null(find(t.m, "printf"));
}

Test(symbol_sysv_hash, chain_cycle_ends_the_walk, .timeout = 5) {
  Tables t;
  t.build(kSyms, kCount, sysv(1));
  uint32_t* h = t.at<uint32_t>(unit::kHash);
  uint32_t* chain = h + 2 + 1;  // nbucket, nchain, one bucket
  h[2] = 1;                     // bucket -> 1 -> 2 -> 1 -> ...
  chain[1] = 2;
  chain[2] = 1;
  cr_expect_null(find(t.m, "absent"));
  cr_expect_eq(found_value(t.m, "exit"), 0x1020u);  // symbol 2 is on the cycle
}

Test(symbol_sysv_hash, chain_index_past_nchain_ends_the_walk) {
  Tables t;
  t.build(kSyms, kCount, sysv(1));
  uint32_t* h = t.at<uint32_t>(unit::kHash);
  h[2] = 9;  // nchain is 9: index 9 is outside the symbol table
  cr_expect_null(find(t.m, "printf"));
  h[2] = 1;
  h[2 + 1 + 1] = 1000;  // symbol 1's next
  cr_expect_eq(found_value(t.m, "printf"), 0x1010u);  // symbol 1 itself
  cr_expect_null(find(t.m, "exit"));
}

Test(symbol_sysv_hash, skips_undefined_local_and_section_symbols) {
  const SymSpec syms[] = {
      {"undef", 0x10, e::STB_GLOBAL, e::STT_FUNC, e::SHN_UNDEF},
      {"local", 0x20, e::STB_LOCAL, e::STT_OBJECT},
      {"section", 0x30, e::STB_GLOBAL, e::STT_SECTION},
      {"ifunc", 0x40, e::STB_GLOBAL, e::STT_GNU_IFUNC},
  };
  Tables t;
  t.build(syms, 4, sysv(2));
  cr_expect_null(find_plt(t.m, "undef"));
  cr_expect_not_null(find(t.m, "undef"));  // a canonical PLT address answers non-PLT references
  cr_expect_null(find(t.m, "local"));
  cr_expect_null(find(t.m, "section"));
  cr_expect_eq(found_value(t.m, "ifunc"), 0x40u);
}

Test(symbol_sysv_hash, gnu_table_is_preferred_when_both_exist) {
  Tables t;
  t.build(kSyms, kCount, sysv(3));
  // A GNU table that knows nothing (empty bloom) wins over the working SysV one.
  static const uint32_t empty_gnu[] = {1, 1, 1, 6, 0, 0, 0, 0};
  t.m.dyn.gnu_hash = empty_gnu;
  cr_expect_null(find(t.m, "printf"));
}
