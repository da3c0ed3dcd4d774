// SPDX-License-Identifier: MIT
// find_in_module over built GNU hash tables: present names are found across
// buckets and bloom words, absent ones rejected (by the bloom filter or the
// chain), and glibc's check_match skips undefined, local and non-data symbols.
#include <criterion/criterion.h>

#include <cstring>

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

const SymSpec kLibc[] = {
    {"printf", 0x1010}, {"exit", 0x1020},   {"__libc_start_main", 0x1030},
    {"malloc", 0x1040}, {"free", 0x1050},   {"memcpy", 0x1060},
    {"strlen", 0x1070}, {"puts", 0x1080},   {"environ", 0x1090, e::STB_GLOBAL, e::STT_OBJECT},
    {"abort", 0x10a0},  {"qsort", 0x10b0},  {"_IO_stdin_used", 0x10c0, e::STB_GLOBAL, e::STT_OBJECT},
};
constexpr uint32_t kLibcCount = sizeof kLibc / sizeof kLibc[0];

}  // namespace

Test(symbol_gnu_hash, finds_every_symbol_across_buckets_and_bloom_words) {
  for (uint32_t nbuckets : {1u, 3u, 7u}) {
    for (uint32_t words : {1u, 2u, 4u}) {
      Tables t;
      t.build(kLibc, kLibcCount, {unit::HashKind::kGnu, nbuckets, words, 6, false});
      for (const SymSpec& s : kLibc)
        cr_expect_eq(found_value(t.m, s.name), s.value, "%s with %u buckets, %u bloom words",
                     s.name, nbuckets, words);
    }
  }
}

Test(symbol_gnu_hash, rejects_absent_names) {
  Tables t;
  t.build(kLibc, kLibcCount, {unit::HashKind::kGnu, 3, 2, 6, false});
  for (const char* n : {"", "print", "printf_", "Printf", "calloc", "exit\n", "__libc_start"})
    cr_expect_eq(found_value(t.m, n), 0u, "\"%s\" found", n);
}

Test(symbol_gnu_hash, bloom_rejects_present_name_when_its_bits_are_clear) {
  Tables t;
  t.build(kLibc, kLibcCount, {unit::HashKind::kGnu, 3, 1, 6, false});
  cr_assert_eq(found_value(t.m, "printf"), 0x1010u);
  t.bloom()[0] = 0;  // chains and buckets untouched: only the filter can say no
  cr_expect_eq(found_value(t.m, "printf"), 0u);
}

Test(symbol_gnu_hash, bloom_requires_both_bits) {
  const SymSpec one[] = {{"printf", 0x1010}};
  Tables t;
  t.build(one, 1, {unit::HashKind::kGnu, 1, 1, 6, false});
  uint32_t h = e::gnu_hash("printf");  // 0x156b2bb8
  uint64_t bit1 = uint64_t{1} << (h % 64);         // 0x156b2bb8 % 64 = 56
  uint64_t bit2 = uint64_t{1} << ((h >> 6) % 64);  // 0x0055acae % 64 = 46
  cr_assert_neq(bit1, bit2);
  cr_assert_eq(t.bloom()[0], bit1 | bit2);
  t.bloom()[0] = bit1;
  cr_expect_eq(found_value(t.m, "printf"), 0u, "second bit missing");
  t.bloom()[0] = bit2;
  cr_expect_eq(found_value(t.m, "printf"), 0u, "first bit missing");
  t.bloom()[0] = bit1 | bit2;
  cr_expect_eq(found_value(t.m, "printf"), 0x1010u);
}

Test(symbol_gnu_hash, bloom_word_is_chosen_by_hash_div_64) {
  const SymSpec one[] = {{"printf", 0x1010}};
  Tables t;
  t.build(one, 1, {unit::HashKind::kGnu, 1, 4, 6, false});
  // (0x156b2bb8 / 64) & 3 = 0x55acae & 3 = 2: the bits live in word 2 only.
  cr_assert_eq(t.bloom()[0] | t.bloom()[1] | t.bloom()[3], 0u);
  cr_assert_neq(t.bloom()[2], 0u);
  cr_expect_eq(found_value(t.m, "printf"), 0x1010u);
  t.bloom()[0] = t.bloom()[2];
  t.bloom()[2] = 0;
  cr_expect_eq(found_value(t.m, "printf"), 0u);
}

Test(symbol_gnu_hash, saturated_bloom_still_rejects_absent_names_by_chain) {
  Tables t;
  t.build(kLibc, kLibcCount, {unit::HashKind::kGnu, 7, 2, 6, false});
  t.bloom()[0] = t.bloom()[1] = ~0ULL;
  for (const char* n : {"calloc", "realloc", "fopen", "x"})
    cr_expect_eq(found_value(t.m, n), 0u, "\"%s\" found", n);
  cr_expect_eq(found_value(t.m, "qsort"), 0x10b0u);
}

Test(symbol_gnu_hash, hash_collision_is_resolved_by_name) {
  // gnu_hash("Ez") == gnu_hash("FY") == 0x005973a4.
  const SymSpec only_ez[] = {{"Ez", 0x100}};
  Tables t;
  t.build(only_ez, 1, {});
  cr_expect_eq(found_value(t.m, "Ez"), 0x100u);
  cr_expect_eq(found_value(t.m, "FY"), 0u);

  const SymSpec both[] = {{"Ez", 0x100}, {"FY", 0x200}};
  Tables u;
  u.build(both, 2, {});
  cr_expect_eq(found_value(u.m, "Ez"), 0x100u);
  cr_expect_eq(found_value(u.m, "FY"), 0x200u);
}

Test(symbol_gnu_hash, chain_walk_stops_at_end_bit) {
  // One bucket, chain "Ez"(1) end, "FY"(2): clearing nothing, FY is found;
  // with the end bit moved to symbol 1, FY (same hash, later) is unreachable.
  const SymSpec both[] = {{"Ez", 0x100}, {"FY", 0x200}};
  Tables t;
  t.build(both, 2, {});
  uint32_t* chain = t.at<uint32_t>(unit::kHash) + 4 + 2 + 1;  // header, 1 bloom word, 1 bucket
  cr_assert_eq(chain[0], 0x005973a4u);      // hash & ~1, not last
  cr_assert_eq(chain[1], 0x005973a5u);      // hash | 1, last
  chain[0] |= 1;
  cr_expect_eq(found_value(t.m, "FY"), 0u);
  cr_expect_eq(found_value(t.m, "Ez"), 0x100u);
}

// glibc's do_lookup_x: an undefined symbol with a value (a non-PIE
// executable's canonical PLT entry) defines the name for every reference
// but a PLT one, so function addresses compare equal across objects.
Test(symbol_gnu_hash, undefined_symbol_with_a_value_answers_only_non_plt_references) {
  const SymSpec syms[] = {{"puts", 0x4010, e::STB_GLOBAL, e::STT_FUNC, e::SHN_UNDEF}};
  Tables t;
  t.build(syms, 1, {});
  cr_expect_null(find_plt(t.m, "puts"));
  cr_expect_eq(found_value(t.m, "puts"), 0x4010u);
}

Test(symbol_gnu_hash, skips_zero_value_except_tls_and_absolute) {
  const SymSpec syms[] = {
      {"zero_func", 0},
      {"tls_var", 0, e::STB_GLOBAL, e::STT_TLS},
      {"abs_zero", 0, e::STB_GLOBAL, e::STT_OBJECT, e::SHN_ABS},  // glibc: st_shndx != SHN_ABS
      {"abs_five", 5, e::STB_GLOBAL, e::STT_NOTYPE, e::SHN_ABS},
  };
  Tables t;
  t.build(syms, 4, {});
  cr_expect_null(find(t.m, "zero_func"));
  const e::Elf64_Sym* tls = find(t.m, "tls_var");
  cr_assert_not_null(tls);
  cr_expect_eq(e::ELF64_ST_TYPE(tls->st_info), e::STT_TLS);
  const e::Elf64_Sym* abs0 = find(t.m, "abs_zero");
  cr_assert_not_null(abs0);
  cr_expect_eq(abs0->st_shndx, e::SHN_ABS);
  cr_expect_eq(found_value(t.m, "abs_five"), 5u);
}

Test(symbol_gnu_hash, binding_local_is_skipped_weak_and_unique_accepted) {
  const SymSpec syms[] = {
      {"loc", 0x10, e::STB_LOCAL, e::STT_FUNC},
      {"wk", 0x20, e::STB_WEAK, e::STT_FUNC},
      {"uniq", 0x30, e::STB_GNU_UNIQUE, e::STT_OBJECT},
      {"glob", 0x40, e::STB_GLOBAL, e::STT_FUNC},
  };
  Tables t;
  t.build(syms, 4, {});
  cr_expect_eq(found_value(t.m, "loc"), 0u);
  cr_expect_eq(found_value(t.m, "wk"), 0x20u);
  cr_expect_eq(found_value(t.m, "uniq"), 0x30u);
  cr_expect_eq(found_value(t.m, "glob"), 0x40u);
}

Test(symbol_gnu_hash, only_data_and_code_types_match) {
  struct Row {
    unsigned char type;
    bool found;
  };
  const Row rows[] = {
      {e::STT_NOTYPE, true}, {e::STT_OBJECT, true},  {e::STT_FUNC, true},
      {e::STT_SECTION, false}, {e::STT_FILE, false}, {e::STT_COMMON, true},
      {e::STT_TLS, true},    {7, false},             {8, false},
      {e::STT_GNU_IFUNC, true}, {11, false},         {15, false},
  };
  for (const Row& r : rows) {
    const SymSpec syms[] = {{"sym", 0x700, e::STB_GLOBAL, r.type}};
    Tables t;
    t.build(syms, 1, {});
    cr_expect_eq(find(t.m, "sym") != nullptr, r.found, "type %u", r.type);
  }
}

Test(symbol_gnu_hash, first_matching_index_in_chain_wins) {
  const SymSpec syms[] = {{"dup", 0x111}, {"dup", 0x222}};
  Tables t;
  t.build(syms, 2, {});
  cr_expect_eq(found_value(t.m, "dup"), 0x111u);
}

Test(symbol_gnu_hash, skipped_symbol_does_not_hide_a_later_definition) {
  const SymSpec syms[] = {{"dup", 0x111, e::STB_GLOBAL, e::STT_FUNC, e::SHN_UNDEF},
                          {"dup", 0x222}};
  Tables t;
  t.build(syms, 2, {});
  const e::Elf64_Sym* s = find_plt(t.m, "dup");
  cr_expect_eq(s != nullptr ? s->st_value : 0, 0x222u);
}

Test(symbol_gnu_hash, make_symbol_ref_hashes_lazily_for_sysv) {
  ldr::SymbolRef ref = ldr::make_symbol_ref("printf", nullptr);
  cr_expect_str_eq(ref.name, "printf");
  cr_expect_eq(ref.gnu_hash, 0x156b2bb8u);
  cr_expect_not(ref.sysv_hash_known);
  cr_expect_null(ref.version);
  Tables t;
  t.build(kLibc, kLibcCount, {});
  cr_expect_not_null(ldr::find_in_module(t.m, ref));
  cr_expect_not(ref.sysv_hash_known, "a GNU lookup computed the SysV hash");
}

Test(symbol_gnu_hash, module_without_hash_tables_has_no_symbols) {
  Tables t;
  t.build(kLibc, kLibcCount, {});
  t.m.dyn.gnu_hash = nullptr;
  cr_expect_null(find(t.m, "printf"));
}

// table_name_hash: a hashed definition's hash comes from the object's own
// chain — the full 32 bits, its lowest one told by the bucket — and its
// length is left unknown; an undefined symbol's name is hashed and measured.
// strtab_name_is measures an unknown length when it must compare.
Test(symbol_gnu_hash, table_name_hash_reads_the_chain_of_own_definitions) {
  for (uint32_t nbuckets : {2u, 3u, 7u}) {
    Tables t;
    t.build(kLibc, kLibcCount, {unit::HashKind::kGnu, nbuckets, 2, 6, false});
    for (uint32_t i = 1; i < t.count; ++i) {
      const char* name = t.m.dyn.strtab + t.m.dyn.symtab[i].st_name;
      e::HashedName h = ldr::table_name_hash(t.m, i);
      cr_expect_eq(h.hash, e::gnu_hash(name), "%s, %u buckets", name, nbuckets);
      cr_expect_eq(h.length, ldr::kLengthUnknown, "%s: not measured", name);
      char copy[64];
      std::strcpy(copy, name);
      cr_expect(ldr::strtab_name_is(t.m, t.m.dyn.symtab[i].st_name, copy, ldr::kLengthUnknown), "%s", name);
      copy[0] ^= 0x20;
      cr_expect_not(ldr::strtab_name_is(t.m, t.m.dyn.symtab[i].st_name, copy, ldr::kLengthUnknown), "%s", name);
    }
  }
}

// Decoding leaves st_name unchecked (elf/dynamic.h): a definition whose
// name lies past the string table matches no name, and nothing past the
// table is read (the offset is tested first).
Test(symbol_gnu_hash, definition_with_name_past_strtab_matches_nothing) {
  Tables t;
  t.build(kLibc, kLibcCount, {});
  const e::Elf64_Sym* s = find(t.m, "printf");
  cr_assert_not_null(s);
  auto* sym = const_cast<e::Elf64_Sym*>(s);
  uint32_t at = sym->st_name;
  for (uint32_t past : {static_cast<uint32_t>(t.m.dyn.strsz), 0x7fffffffu, 0xffffffffu}) {
    sym->st_name = past;
    cr_expect_null(find(t.m, "printf"), "st_name %#x", past);
    cr_expect_not(ldr::strtab_name_is(t.m, past, "printf", ldr::kLengthUnknown), "st_name %#x", past);
  }
  sym->st_name = at;
  cr_expect_eq(find(t.m, "printf"), s);
}

Test(symbol_gnu_hash, table_name_hash_hashes_undefined_names) {
  const SymSpec syms[] = {{"defined_here", 0x10}, {"needed_elsewhere", 0, e::STB_GLOBAL, e::STT_FUNC, 0}};
  Tables t;
  t.build(syms, 2, {unit::HashKind::kGnu, 3, 1, 6, false});
  for (uint32_t i = 1; i < t.count; ++i) {
    const char* name = t.m.dyn.strtab + t.m.dyn.symtab[i].st_name;
    if (t.m.dyn.symtab[i].st_shndx != e::SHN_UNDEF) continue;
    e::HashedName h = ldr::table_name_hash(t.m, i);
    cr_expect_eq(h.hash, e::gnu_hash(name));
    cr_expect_eq(h.length, std::strlen(name));
  }
}
