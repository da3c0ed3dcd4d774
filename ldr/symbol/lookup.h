// SPDX-License-Identifier: MIT
// Symbol lookup: GNU hash (bloom filter first) or SysV hash in each module of
// a scope, with glibc's matching rules for types, bindings and versions
// (elf/dl-lookup.c check_match). The hot path of every start-up.
#pragma once

#include <cstdint>

#include "elf/hash.h"
#include "elf/types.h"
#include "module/module.h"
#include "symbol/name_hash.h"

namespace ldr {

struct Runtime;

struct SymbolRef {
  const char* name;
  uint32_t gnu_hash;
  uint32_t sysv_hash;      // computed on first need
  bool sysv_hash_known;
  uint32_t length;         // of name, without the NUL; kLengthUnknown until a compare needs it
  const VersionEntry* version;  // the reference's needed version, or nullptr
  bool plt = false;  // a PLT reference: an executable's undefined PLT symbol cannot define it
  // dlsym (glibc's DL_LOOKUP_RETURN_NEWEST): an unversioned name means the
  // newest public version, so every versioned definition is only a fallback.
  bool newest = false;
};

struct Definition {
  const Module* module = nullptr;
  const elf::Elf64_Sym* sym = nullptr;
};

// A definition's address: SHN_ABS values are absolute, others relative to
// the load bias (glibc's SYMBOL_ADDRESS). An IFUNC's resolver, not its choice.
inline uint64_t symbol_address(const Definition& def) {
  return (def.sym->st_shndx == elf::SHN_ABS ? 0 : def.module->image.bias) + def.sym->st_value;
}

SymbolRef make_symbol_ref(const char* name, const VersionEntry* version);

// Whether the string at offset in m's string table is exactly `name` (its
// `length` bytes, then the NUL; kLengthUnknown for a string-table name whose
// length was not scanned yet): by address first, then sixteen bytes a step
// when the compare stays inside the table.
bool strtab_name_is(const Module& m, uint32_t offset, const char* name, uint32_t length);

// The GNU hash and length of symbol idx's name in m (a relocation's
// reference): for one of m's own hashed definitions the hash comes from m's
// GNU table (its chain holds all but the lowest bit, which the bucket whose
// chain leads to idx tells) and the length is left kLengthUnknown: the name
// is not read at all when the lookup finds that very definition (a compare
// of a name with itself is by address), and scanned only when it must be
// compared with another. Else both are computed (symbol/name_hash.h). C++
// libraries bind most references to their own definitions (libLLVM: nine in
// ten), so most of their cold lookups never touch the name. A table that
// disagrees with its names only misleads lookups of that object's names.
constexpr uint32_t kLengthUnknown = ~0u;
// (Inline: on the path of every cold relocation, from two callers.)
[[gnu::always_inline]] inline elf::HashedName table_name_hash(const Module& m, uint32_t idx) {
  const elf::DynamicInfo& d = m.dyn;
  const elf::Elf64_Sym& sym = d.symtab[idx];
  const char* name = d.strtab + sym.st_name;
  const uint32_t* h = d.gnu_hash;
  if (h == nullptr || sym.st_shndx == elf::SHN_UNDEF || idx < h[1] || idx >= d.gnu_count || h[0] < 2)
    return hash_symbol_name(name);
  elf::GnuHashView t(h);
  uint32_t stored = t.chain[idx - t.symoffset] & ~1u;
  // Of the two candidates (consecutive, so in different buckets), the one
  // whose bucket's chain runs to idx without ending. A walk is a few
  // entries; a longer one (a hostile table) falls back to hashing.
  constexpr uint32_t kMaxWalk = 32;
  for (uint32_t hash = stored; hash <= (stored | 1u); ++hash) {
    uint32_t i = t.buckets[hash % t.nbuckets];
    if (i == 0 || i > idx || idx - i > kMaxWalk) continue;
    while (i < idx && (t.chain[i - t.symoffset] & 1) == 0) ++i;
    if (i == idx) return {hash, kLengthUnknown};
  }
  return hash_symbol_name(name);
}

inline SymbolRef symbol_ref(const char* name, elf::HashedName h, const VersionEntry* version) {
  return SymbolRef{name, h.hash, 0, false, h.length, version};
}

// LD_DYNAMIC_WEAK (glibc's dl_dynamic_weak, set once at start-up): a
// module's weak definition is kept as the walk's answer only if no later
// module has a global one (each module's first match counts, as glibc's
// do_lookup_x). Off: the first definition wins, weak or not.
extern bool g_dynamic_weak;

// Looks `ref` up in one module. nullptr when it has no matching definition.
const elf::Elf64_Sym* find_in_module(const Module& m, SymbolRef& ref);

// The first of list[0, n) that defines ref (find_in_module), in order: the
// walk of dlsym's handles and of anything that asks a scope without
// lookup_symbol's rules. False when none does. With LD_DYNAMIC_WEAK, weak
// definitions are passed over: the first goes to *weak (when it holds none
// yet) for a caller whose walk goes on in other lists, else it is the
// answer when no global one follows. `trace`: each object asked is shown
// as glibc's do_lookup_x shows it (LDR_DEBUG=symbols; dlsym's walks).
bool find_in_list(Module* const* list, uint32_t n, SymbolRef& ref, Definition* out, Definition* weak = nullptr,
                  bool trace = false);

// LDR_DEBUG=bindings, glibc's line for an answer: "binding file UNDEF [N] to
// DEFINER [M]: normal symbol `NAME' [VERSION]" (ldr's copy in a namespace
// named as ldr, glibc's l_real), and " interposed by `SYM'" when an
// interposition rule gave def. Cold: callers test the category.
void trace_binding(const Module& undef, const Definition& def, const char* name, const char* version,
                   bool interposed);

// For a walk under LD_DYNAMIC_WEAK: whether s, found in m, ends it; a weak
// definition does not, and the first is kept in *weak.
inline bool ends_walk(const Module* m, const elf::Elf64_Sym* s, Definition* weak) {
  if (__builtin_expect(!g_dynamic_weak, true) || elf::ELF64_ST_BIND(s->st_info) != elf::STB_WEAK) return true;
  if (weak->sym == nullptr) *weak = Definition{m, s};
  return false;
}

enum LookupFlags : uint32_t {
  kLookupSkipExecutable = 1,  // COPY relocations: the definition the executable copies from
  kLookupPlt = 2,             // JUMP_SLOT (glibc's ELF_RTYPE_CLASS_PLT)
};

// Looks `ref` up for `requester` in its scope: itself first when it is
// DT_SYMBOLIC, then the global scope in order, then (an object a dlopen
// loaded) that dlopen's closure — the closure before the global scope for
// RTLD_DEEPBIND. Returns false when no module defines it. *global_index, when given, is the definer's index in rt.scope
// if the global scope's walk found it, else kNotFromGlobalScope.
// One caller only (relocation's resolve_by_lookup), so that link-time
// optimization inlines it there: a second caller made it out of line and
// cost python3's start 4 % of the loader's instructions. Elsewhere, walk the
// scope with find_in_list (as dlsym does).
constexpr uint32_t kNotFromGlobalScope = ~0u;
bool lookup_symbol(Runtime& rt, SymbolRef& ref, const Module* requester, uint32_t flags,
                   Definition* out, uint32_t* global_index = nullptr);

// For prefetching global-scope lookups ahead of them (reloc/lookahead.h; a
// long scope, with its scope index): issues, for each of n names' GNU
// hashes (and lengths, kLengthUnknown if not measured), the loads of walk
// stage `stage` as prefetches, reading what the earlier
// stages fetched as lookup_symbol reads it — 0 the scope index's rows, 1 the
// candidate members' bloom words (the candidates go to its plan), 2 the
// buckets of those whose bloom admits (the others leave the plan), 3 their
// chains' starts and symbols, 4 the names and version indexes of the chain
// entries whose hash matches. Stages run in order, each over all n. At most
// kPrefetchCandidates members (with GNU tables), kPrefetchChain chain
// entries each. Nothing without a scope index or when symbols are traced.
constexpr uint32_t kPrefetchCandidates = 6, kPrefetchChain = 4;
struct LookupPrefetch {
  uint16_t members[kPrefetchCandidates];  // scope indexes (an index has at most 1 024 members)
  uint8_t count;
};
void prefetch_lookups(Runtime& rt, uint32_t stage, const uint32_t* hashes, const uint32_t* lengths,
                      LookupPrefetch* plans, uint32_t n);

}  // namespace ldr
