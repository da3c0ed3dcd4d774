// SPDX-License-Identifier: MIT
// Test helper: builds .dynsym, .dynstr, a GNU or SysV hash table, .gnu.version
// and a PT_DYNAMIC in one byte buffer, decodes it with elf::decode_dynamic into
// a Module, and keeps a version table, so find_in_module runs on real tables.
#pragma once

#include <criterion/criterion.h>

#include <cstdint>
#include <cstring>

#include "elf/dynamic.h"
#include "elf/hash.h"
#include "elf/types.h"
#include "module/module.h"
#include "symbol/lookup.h"

namespace unit {

namespace e = ldr::elf;

struct SymSpec {
  const char* name;
  uint64_t value;               // distinct per test symbol, so a hit is identifiable
  unsigned char bind = e::STB_GLOBAL;
  unsigned char type = e::STT_FUNC;
  uint16_t shndx = 7;           // any defined section
  uint16_t versym = 1;          // VER_NDX_GLOBAL
};

enum class HashKind { kGnu, kSysv };

struct TableOptions {
  HashKind kind = HashKind::kGnu;
  uint32_t nbuckets = 1;
  uint32_t bloom_words = 1;  // power of two
  uint32_t shift = 6;
  bool versym = false;
};

// Link-time layout inside the buffer (bias = buffer address, lo = 0).
inline constexpr uint64_t kDyn = 0x0, kSym = 0x200, kStr = 0x1000, kHash = 0x1400,
                          kVersym = 0x1c00, kEnd = 0x2000;

struct Tables {
  alignas(16) unsigned char buf[kEnd] = {};
  ldr::Module m;
  uint32_t count = 0;     // symbols including index 0
  uint32_t str_used = 1;  // dynstr[0] = ""

  template <typename T>
  T* at(uint64_t vaddr) { return reinterpret_cast<T*>(buf + vaddr); }

  uint32_t add_string(const char* s) {
    uint32_t off = str_used;
    size_t n = std::strlen(s) + 1;
    cr_assert_leq(kStr + off + n, kHash, "dynstr overflows its slot");
    std::memcpy(buf + kStr + off, s, n);
    str_used += static_cast<uint32_t>(n);
    return off;
  }

  // Symbols keep their order except that a GNU table needs them grouped by
  // bucket (stable); symoffset is 1: every symbol is hashed.
  void build(const SymSpec* specs, uint32_t n, const TableOptions& opt) {
    cr_assert_leq((n + 1) * sizeof(e::Elf64_Sym), kStr - kSym, "dynsym overflows its slot");
    uint32_t order[64];
    cr_assert_leq(n, 64u);
    uint32_t k = 0;
    if (opt.kind == HashKind::kGnu) {
      for (uint32_t b = 0; b < opt.nbuckets; ++b)
        for (uint32_t i = 0; i < n; ++i)
          if (e::gnu_hash(specs[i].name) % opt.nbuckets == b) order[k++] = i;
    } else {
      for (uint32_t i = 0; i < n; ++i) order[k++] = i;
    }
    count = n + 1;
    auto* syms = at<e::Elf64_Sym>(kSym);
    auto* versym = at<e::Elf64_Half>(kVersym);
    for (uint32_t j = 0; j < n; ++j) {
      const SymSpec& s = specs[order[j]];
      e::Elf64_Sym& y = syms[j + 1];
      y.st_name = add_string(s.name);
      y.st_info = static_cast<unsigned char>((s.bind << 4) | s.type);
      y.st_shndx = s.shndx;
      y.st_value = s.value;
      y.st_size = 8;
      versym[j + 1] = s.versym;
    }
    uint32_t* h = at<uint32_t>(kHash);
    if (opt.kind == HashKind::kGnu) {
      h[0] = opt.nbuckets;
      h[1] = 1;
      h[2] = opt.bloom_words;
      h[3] = opt.shift;
      auto* bloom = reinterpret_cast<uint64_t*>(h + 4);
      uint32_t* buckets = h + 4 + 2 * opt.bloom_words;
      uint32_t* chain = buckets + opt.nbuckets;
      for (uint32_t idx = 1; idx < count; ++idx) {
        uint32_t hash = e::gnu_hash(name(idx));
        bloom[(hash / 64) % opt.bloom_words] |=
            (uint64_t{1} << (hash % 64)) | (uint64_t{1} << ((hash >> opt.shift) % 64));
        uint32_t b = hash % opt.nbuckets;
        if (buckets[b] == 0) buckets[b] = idx;
        bool last = idx + 1 == count || e::gnu_hash(name(idx + 1)) % opt.nbuckets != b;
        chain[idx - 1] = (hash & ~1u) | (last ? 1u : 0u);
      }
    } else {
      h[0] = opt.nbuckets;
      h[1] = count;
      uint32_t* buckets = h + 2;
      uint32_t* chain = buckets + opt.nbuckets;
      for (uint32_t idx = 1; idx < count; ++idx) {  // prepend: later symbols come first
        uint32_t b = e::sysv_hash(name(idx)) % opt.nbuckets;
        chain[idx] = buckets[b];
        buckets[b] = idx;
      }
    }
    auto* dyn = at<e::Elf64_Dyn>(kDyn);
    int d = 0;
    dyn[d++] = {e::DT_STRTAB, kStr};
    dyn[d++] = {e::DT_STRSZ, kHash - kStr};
    dyn[d++] = {e::DT_SYMTAB, kSym};
    dyn[d++] = {e::DT_SYMENT, sizeof(e::Elf64_Sym)};
    dyn[d++] = {opt.kind == HashKind::kGnu ? e::DT_GNU_HASH : e::DT_HASH, kHash};
    if (opt.versym) dyn[d++] = {e::DT_VERSYM, kVersym};
    dyn[d++] = {e::DT_NULL, 0};
    m.image.bias = reinterpret_cast<uintptr_t>(buf);
    m.image.lo = 0;
    m.image.hi = kEnd;
    const char* err = e::decode_dynamic(m.image, kDyn, d * sizeof(e::Elf64_Dyn), &m.dyn);
    cr_assert_null(err, "decode_dynamic rejected the test tables: %s", err ? err : "");
    cr_assert_eq(m.dyn.sym_count, count, "hash table covers %u symbols, built %u",
                 m.dyn.sym_count, count);
  }

  const char* name(uint32_t idx) {
    return reinterpret_cast<const char*>(buf + kStr) + at<e::Elf64_Sym>(kSym)[idx].st_name;
  }
  uint64_t* bloom() { return reinterpret_cast<uint64_t*>(at<uint32_t>(kHash) + 4); }
};

inline const e::Elf64_Sym* find(const ldr::Module& m, const char* name,
                                 const ldr::VersionEntry* version = nullptr, bool plt = false) {
  ldr::SymbolRef ref = ldr::make_symbol_ref(name, version);
  ref.plt = plt;
  return ldr::find_in_module(m, ref);
}

// A PLT reference (R_X86_64_JUMP_SLOT), glibc's ELF_RTYPE_CLASS_PLT.
inline const e::Elf64_Sym* find_plt(const ldr::Module& m, const char* name) {
  return find(m, name, nullptr, true);
}

// st_value of what find_in_module returns for `name`, 0 when nothing matches.
inline uint64_t found_value(const ldr::Module& m, const char* name,
                            const ldr::VersionEntry* version = nullptr) {
  const e::Elf64_Sym* s = find(m, name, version);
  return s != nullptr ? s->st_value : 0;
}

}  // namespace unit
