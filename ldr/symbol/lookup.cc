// SPDX-License-Identifier: MIT
// Hash-table walks and glibc's match rules. No allocation, no I/O except traces.
#include "symbol/lookup.h"

#include "base/mem.h"
#include "base/prefetch.h"
#include "diag/trace.h"
#include "elf/hash.h"
#include "runtime.h"
#include "symbol/name_hash.h"
#include "symbol/scope_index.h"
#include "symbol/unique.h"
#include "symbol/version_id.h"

namespace ldr {

namespace {

constexpr uint32_t kAllowedTypes = (1u << elf::STT_NOTYPE) | (1u << elf::STT_OBJECT) |
                                   (1u << elf::STT_FUNC) | (1u << elf::STT_COMMON) |
                                   (1u << elf::STT_TLS) | (1u << elf::STT_GNU_IFUNC);

// A versioned candidate an unversioned reference may take if it is the only one.
struct Fallback {
  const elf::Elf64_Sym* sym = nullptr;
  uint32_t count = 0;
};

// Same version name: equal ids (symbol/version_id.h), or equal strings when
// the ids ran out.
bool same_version(const VersionEntry& a, const VersionEntry& b) {
  if (a.hash != b.hash) return false;
  uint32_t ia = version_id(a), ib = version_id(b);
  return ia != 0 && ib != 0 ? ia == ib : base::str_eq(a.name, b.name);
}

// glibc's check_match: is symbol `idx` of m a definition of ref?
const elf::Elf64_Sym* check_match(const Module& m, uint32_t idx, const SymbolRef& ref,
                                  Fallback* fb) {
  const elf::Elf64_Sym* sym = &m.dyn.symtab[idx];
  unsigned char type = elf::ELF64_ST_TYPE(sym->st_info);
  // As glibc: a zero value means "no definition" unless the symbol is TLS or
  // absolute; an undefined symbol with a value is a non-PIE executable's
  // canonical PLT address, a definition for everything but PLT references.
  if ((sym->st_value == 0 && sym->st_shndx != elf::SHN_ABS && type != elf::STT_TLS) ||
      (sym->st_shndx == elf::SHN_UNDEF && ref.plt))
    return nullptr;
  if (((1u << type) & kAllowedTypes) == 0) return nullptr;
  if (!strtab_name_is(m, sym->st_name, ref.name, ref.length)) return nullptr;
  const elf::Elf64_Half* versym = m.dyn.versym;
  if (ref.version != nullptr) {
    if (versym != nullptr) {
      uint32_t ndx = versym[idx] & elf::VERSYM_VERSION;
      const VersionEntry* have = ndx < m.version_count ? &m.versions[ndx] : nullptr;
      uint32_t have_hash = have != nullptr ? have->hash : 0;
      bool same = have != nullptr && have->name != nullptr && same_version(*have, *ref.version);
      if (!same && (ref.version->hidden || have_hash != 0 || (versym[idx] & elf::VERSYM_HIDDEN) != 0))
        return nullptr;
    }
  } else if (versym != nullptr && (versym[idx] & elf::VERSYM_VERSION) >= (ref.newest ? 2u : 3u)) {
    // An unversioned reference takes a newer versioned definition only if it
    // is unique (glibc's check_match: version indexes 0 and 1 match
    // outright, and so does index 2 for references from relocations).
    if ((versym[idx] & elf::VERSYM_HIDDEN) == 0 && fb->count++ == 0) fb->sym = sym;
    return nullptr;
  }
  unsigned char bind = elf::ELF64_ST_BIND(sym->st_info);
  if (bind != elf::STB_GLOBAL && bind != elf::STB_WEAK && bind != elf::STB_GNU_UNIQUE) return nullptr;
  return sym;
}

// The global scope's GNU bloom filters in one dense array: a lookup tests
// every member's filter without touching its Module, and most members
// reject most names there. Rebuilt when the scope changes (ScopeStamp);
// lookups run under the loader lock.
struct BloomEntry {
  const uint64_t* words;  // a member without a GNU hash table: kAllBits (it always passes)
  uint32_t mask;          // number of bloom words - 1
  uint32_t shift;
  bool gnu;               // the member has a GNU hash table (a pass is a bloom hit)
};

constexpr uint64_t kAllBits = ~uint64_t{0};

// GnuHashView::bloom_admits for an entry of the array, with the hash's
// first bit (hash % 64) and word (hash / 64) taken once for every member.
inline bool bloom_admits(const BloomEntry& b, uint32_t hash, uint64_t first_bit, uint32_t word_index) {
  uint64_t bits = first_bit | (uint64_t{1} << ((hash >> b.shift) % 64));
  return (b.words[word_index & b.mask] & bits) == bits;
}

struct ScopeBlooms {
  ScopeStamp built;
  BloomEntry* entries = nullptr;
  uint32_t capacity = 0;
};
ScopeBlooms g_blooms;

[[gnu::noinline]] const BloomEntry* rebuild_blooms(Runtime& rt) {
  ScopeBlooms& b = g_blooms;
  if (rt.scope_count > b.capacity) {
    uint32_t cap = rt.scope_count < 64 ? 64 : rt.scope_count * 2;
    auto* entries = rt.arena.make_array<BloomEntry>(cap);
    if (entries == nullptr) return nullptr;
    b.entries = entries;
    b.capacity = cap;
  }
  for (uint32_t i = 0; i < rt.scope_count; ++i) {
    const uint32_t* h = rt.scope[i]->dyn.gnu_hash;
    if (h == nullptr) {
      b.entries[i] = BloomEntry{&kAllBits, 0, 0, false};
      continue;
    }
    elf::GnuHashView t(h);
    b.entries[i] = BloomEntry{t.bloom, t.bloom_size - 1, t.shift, true};
  }
  b.built = ScopeStamp::of(rt);
  return b.entries;
}

// The array for rt's global scope: the kept one, or rebuilt (out of line).
inline const BloomEntry* scope_blooms(Runtime& rt) {
  const ScopeBlooms& b = g_blooms;
  if (b.entries != nullptr && b.built.matches(rt)) return b.entries;
  return rebuild_blooms(rt);
}

}  // namespace

bool strtab_name_is(const Module& m, uint32_t offset, const char* name, uint32_t length) {
  const char* s = m.dyn.strtab + offset;
  if (s == name) return true;  // a reference found its own definition (most of a C++ library's)
  if (length == kLengthUnknown) length = symbol_name_length(name);
  // Near the table's end (or past it: st_name is unchecked until here).
  if (offset + uint64_t{length} >= m.dyn.strsz) return offset < m.dyn.strsz && base::str_eq(s, name);
  return s[length] == '\0' && base::equal_bytes(s, name, length);
}

SymbolRef make_symbol_ref(const char* name, const VersionEntry* version) {
  return symbol_ref(name, elf::gnu_hash_and_length(name), version);
}

namespace {

// The GNU table's bucket and chain walk for ref, its bloom filter passed.
const elf::Elf64_Sym* find_in_gnu_buckets(const Module& m, const SymbolRef& ref, Fallback* fb) {
  elf::GnuHashView t(m.dyn.gnu_hash);
  uint32_t hash = ref.gnu_hash;
  uint32_t idx = t.buckets[hash % t.nbuckets];
  if (idx == 0) return nullptr;
  for (;; ++idx) {
    uint32_t entry = t.chain[idx - t.symoffset];
    if (((entry ^ hash) >> 1) == 0) {
      if (const elf::Elf64_Sym* s = check_match(m, idx, ref, fb)) return s;
    }
    if ((entry & 1) != 0) return nullptr;
  }
}

// find_in_module for a member whose GNU bloom filter the caller tested.
const elf::Elf64_Sym* find_after_bloom(const Module& m, SymbolRef& ref) {
  Fallback fb;
  if (const elf::Elf64_Sym* s = find_in_gnu_buckets(m, ref, &fb)) return s;
  return fb.count == 1 ? fb.sym : nullptr;
}

}  // namespace

const elf::Elf64_Sym* find_in_module(const Module& m, SymbolRef& ref) {
  const elf::DynamicInfo& d = m.dyn;
  Fallback fb;
  if (d.gnu_hash != nullptr) {
    if (!elf::GnuHashView(d.gnu_hash).bloom_admits(ref.gnu_hash)) return nullptr;
    if (const elf::Elf64_Sym* s = find_in_gnu_buckets(m, ref, &fb)) return s;
  } else if (d.sysv_hash != nullptr) {
    if (!ref.sysv_hash_known) {
      ref.sysv_hash = elf::sysv_hash(ref.name);
      ref.sysv_hash_known = true;
    }
    uint32_t nbucket = d.sysv_hash[0], nchain = d.sysv_hash[1];
    if (nbucket == 0) return nullptr;
    const uint32_t* buckets = d.sysv_hash + 2;
    const uint32_t* chain = buckets + nbucket;
    uint32_t steps = 0;
    for (uint32_t idx = buckets[ref.sysv_hash % nbucket]; idx != 0 && idx < nchain && steps < nchain;
         idx = chain[idx], ++steps) {
      if (const elf::Elf64_Sym* s = check_match(m, idx, ref, &fb)) return s;
    }
  }
  return fb.count == 1 ? fb.sym : nullptr;
}

bool g_dynamic_weak = false;

namespace {

// glibc's "symbol=NAME;  lookup in file=FILE [N]" for each object asked; ldr's
// copy in a namespace is shown as ldr (glibc's do_lookup_x prints l_real).
[[gnu::cold, gnu::noinline]] void trace_lookup_in(const SymbolRef& ref, const Module& m) {
  const Module& shown = m.real();
  diag::trace_line({"symbol=", ref.name, ";  lookup in file=", shown.display_name(), shown.ns_tag()});
}

}  // namespace

[[gnu::cold, gnu::noinline]] void trace_binding(const Module& undef, const Definition& def, const char* name,
                                                const char* version, bool interposed) {
  diag::TraceLine t;
  const Module& definer = def.module->real();
  t.str("binding file ").str(undef.display_name()).str(undef.ns_tag()).str(" to ")
      .str(definer.display_name()).str(definer.ns_tag()).str(": normal symbol `").str(name).ch('\'');
  if (version != nullptr) t.str(" [").str(version).ch(']');
  if (interposed) t.str(" interposed by `").str(def.module->dyn.strtab + def.sym->st_name).ch('\'');
}

bool find_in_list(Module* const* list, uint32_t n, SymbolRef& ref, Definition* out, Definition* weak,
                  bool trace) {
  Definition own_weak;
  Definition* w = weak != nullptr ? weak : &own_weak;
  for (uint32_t i = 0; i < n; ++i) {
    if (trace) trace_lookup_in(ref, *list[i]);
    if (const elf::Elf64_Sym* s = find_in_module(*list[i], ref); s != nullptr && ends_walk(list[i], s, w)) {
      *out = Definition{list[i], s};
      return true;
    }
  }
  if (weak != nullptr || own_weak.sym == nullptr) return false;
  *out = own_weak;  // LD_DYNAMIC_WEAK: no global definition followed the first weak one
  return true;
}

bool lookup_symbol(Runtime& rt, SymbolRef& ref, const Module* requester, uint32_t flags,
                   Definition* out, uint32_t* global_index) {
  if (global_index != nullptr) *global_index = kNotFromGlobalScope;
  bool trace = diag::tracing(diag::kTraceSymbols);
  ref.plt = (flags & kLookupPlt) != 0;
  Definition weak;  // LD_DYNAMIC_WEAK's first weak definition (ends_walk)
  auto try_module = [&](const Module* m, bool bloom_passed = false) {
    if (trace) trace_lookup_in(ref, *m);
    const elf::Elf64_Sym* s = bloom_passed ? find_after_bloom(*m, ref) : find_in_module(*m, ref);
    if (s == nullptr || !ends_walk(m, s, &weak)) return false;
    out->module = m;
    out->sym = s;
    // The process's one table serves the program's namespace; another
    // (dlmopen) keeps its own definitions.
    if (elf::ELF64_ST_BIND(s->st_info) == elf::STB_GNU_UNIQUE && m->ns == 0) *out = unique_definition(rt, ref, *out);
    return true;
  };
  // DT_SYMBOLIC: the object itself first; RTLD_DEEPBIND: its dlopen's
  // closure (an object opened at run time otherwise sees it after the global
  // scope). One test for both on the common path.
  if (requester != nullptr && requester->own_scopes_first) {
    if (requester->dyn.symbolic && try_module(requester)) return true;
    if (requester->deepbind)
      for (uint32_t i = 0; i < requester->local_scope_count; ++i)
        if (try_module(requester->local_scope[i])) return true;
  }
  // glibc traces every member it searches: with tracing on, no filter.
  const BloomEntry* blooms = trace ? nullptr : scope_blooms(rt);
  uint32_t hash = ref.gnu_hash;
  uint64_t first_bit = uint64_t{1} << (hash % 64);
  uint32_t word_index = hash / 64;
  // Member i, its bloom filter passed when bloom_passed.
  auto try_member = [&](uint32_t i, bool bloom_passed) {
    const Module* m = rt.scope[i];
    if ((flags & kLookupSkipExecutable) != 0 && m->is_executable()) return false;
    if (!try_module(m, bloom_passed)) return false;
    if (global_index != nullptr) *global_index = i;
    return true;
  };
  if (blooms == nullptr) {  // tracing (or no memory for the array): every member, as glibc traces them
    for (uint32_t i = 0; i < rt.scope_count; ++i)
      if (try_member(i, false)) return true;
  } else if (const ScopeIndex* index = scope_index(rt)) {
    for (uint32_t w = 0; w < index->words; ++w) {
      for (uint64_t c = scope_index_candidates(*index, hash, w); c != 0; c &= c - 1) {
        uint32_t i = w * 64 + static_cast<uint32_t>(__builtin_ctzll(c));
        if (i < rt.scope_count && bloom_admits(blooms[i], hash, first_bit, word_index) &&
            try_member(i, blooms[i].gnu))
          return true;
      }
    }
  } else {
    for (uint32_t i = 0; i < rt.scope_count; ++i)
      if (bloom_admits(blooms[i], hash, first_bit, word_index) && try_member(i, blooms[i].gnu)) return true;
  }
  // The closure of the dlopen that loaded the requester (an RTLD_DEEPBIND
  // one's was searched first; tested here, after a miss, not on every lookup;
  // none when it is the global scope: a namespace's first dlmopen).
  if (requester != nullptr && !requester->deepbind && requester->local_scope != rt.scope)
    for (uint32_t i = 0; i < requester->local_scope_count; ++i)
      if (try_module(requester->local_scope[i])) return true;
  if (weak.sym == nullptr) return false;
  *out = weak;  // LD_DYNAMIC_WEAK: no global definition followed the first weak one
  return true;
}

namespace {

// One lookup's stage of prefetch_lookups.
void prefetch_walk(const Runtime& rt, const ScopeIndex& index, const BloomEntry* blooms, uint32_t hash,
                   uint32_t length, uint32_t stage, LookupPrefetch* plan) {
  if (stage == 0) {  // the index's two rows
    uint32_t h = hash >> 1;
    base::prefetch(index.bits + uint64_t{h % kScopeIndexPositions} * index.words);
    base::prefetch(index.bits + uint64_t{(h >> 13) % kScopeIndexPositions} * index.words);
    return;
  }
  uint32_t word_index = hash / 64;
  if (stage == 1) {  // the candidates, and their bloom words
    uint32_t n = 0;
    for (uint32_t w = 0; w < index.words && n < kPrefetchCandidates; ++w) {
      for (uint64_t c = scope_index_candidates(index, hash, w); c != 0 && n < kPrefetchCandidates; c &= c - 1) {
        uint32_t i = w * 64 + static_cast<uint32_t>(__builtin_ctzll(c));
        if (i >= rt.scope_count) break;
        if (!blooms[i].gnu) continue;
        base::prefetch(&blooms[i].words[word_index & blooms[i].mask]);
        base::prefetch(rt.scope[i]->dyn.gnu_hash);  // the table's header (GnuHashView)
        plan->members[n++] = static_cast<uint16_t>(i);
      }
    }
    plan->count = static_cast<uint8_t>(n);
    return;
  }
  uint64_t first_bit = uint64_t{1} << (hash % 64);
  uint32_t kept = 0;
  for (uint32_t k = 0; k < plan->count; ++k) {
    uint32_t i = plan->members[k];
    const Module& m = *rt.scope[i];
    elf::GnuHashView t(m.dyn.gnu_hash);
    const uint32_t* bucket = &t.buckets[hash % t.nbuckets];
    if (stage == 2) {  // the buckets of members whose bloom admits (the others leave the plan)
      if (!bloom_admits(blooms[i], hash, first_bit, word_index)) continue;
      base::prefetch(bucket);
      plan->members[kept++] = static_cast<uint16_t>(i);
      continue;
    }
    uint32_t idx = *bucket;
    if (idx == 0) continue;
    if (stage == 3) {  // the chain's start and its symbol
      base::prefetch(&t.chain[idx - t.symoffset]);
      base::prefetch(&m.dyn.symtab[idx]);
      continue;
    }
    for (uint32_t steps = 0; steps < kPrefetchChain; ++idx, ++steps) {  // the hash matches' names
      uint32_t entry = t.chain[idx - t.symoffset];
      if (((entry ^ hash) >> 1) == 0) {
        base::prefetch_range(m.dyn.strtab + m.dyn.symtab[idx].st_name, length != kLengthUnknown ? length : 127);
        if (m.dyn.versym != nullptr) base::prefetch(&m.dyn.versym[idx]);
      }
      if ((entry & 1) != 0) break;
    }
  }
  if (stage == 2) plan->count = static_cast<uint8_t>(kept);
}

}  // namespace

void prefetch_lookups(Runtime& rt, uint32_t stage, const uint32_t* hashes, const uint32_t* lengths,
                      LookupPrefetch* plans, uint32_t n) {
  if (n == 0 || diag::tracing(diag::kTraceSymbols)) return;
  const ScopeIndex* index = scope_index(rt);
  const BloomEntry* blooms = scope_blooms(rt);
  if (index == nullptr || blooms == nullptr) return;
  for (uint32_t k = 0; k < n; ++k) prefetch_walk(rt, *index, blooms, hashes[k], lengths[k], stage, &plans[k]);
}

}  // namespace ldr
