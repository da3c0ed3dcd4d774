// SPDX-License-Identifier: MIT
// The relocation driver and the R_X86_64 switch for the types that need more
// than arithmetic: symbol resolution, COPY, IRELATIVE, IFUNC and TLS.
#include "reloc/relocate.h"

#include "arch/x86_64/machine.h"
#include "base/fmt.h"
#include "base/mem.h"
#include "base/prefetch.h"
#include "base/sys.h"
#include "bind/bind.h"
#include "diag/trace.h"
#include "dl/binding.h"
#include "interpose/interpose.h"
#include "map/map.h"
#include "reloc/apply.h"
#include "reloc/lookahead.h"
#include "reloc/relr.h"
#include "runtime.h"
#include "symbol/lookup.h"
#include "symbol/memo.h"
#include "symbol/scope_index.h"
#include "symbol/version.h"
#include "tls/dynamic.h"

extern "C" {
// TLSDESC entry points (arch/x86_64/tlsdesc.S).
uint64_t _dl_tlsdesc_return(void*);
uint64_t _dl_tlsdesc_undefweak(void*);
uint64_t _dl_tlsdesc_dynamic(void*);
}

namespace ldr {

namespace {

using namespace ldr::arch;

// One resolved symbol index; `gen` tags the module pass that filled it.
struct CacheEntry {
  uint32_t gen;
  uint32_t index;  // the symbol index it holds (the cache is direct-mapped)
  bool found;
  bool plt;  // the lookup was for a PLT reference (kLookupPlt)
  Definition def;
};

struct Pass {
  Runtime& rt;
  Diag& diag;
  Module& m;
  CacheEntry* cache;
  uint32_t gen;
  bool memo;  // lookups may go through the memo (may_use_memo)
  bool lookahead = false;  // memo questions are prepared a group ahead (reloc/lookahead.h)
};

// resolve()'s own flag beside the LookupFlags: a warm bind cache already
// refused this symbol's answer (apply_symbolic), so it is not asked again.
constexpr uint32_t kBindRefused = 1u << 16;

// Direct-mapped by symbol index and reused by every module: references to
// one symbol are mostly adjacent in a table (GLOB_DAT next to JUMP_SLOT), so
// a small cache catches them without touching memory in proportion to the
// largest symbol table (page faults cost more than the lookups saved).
// 64 entries (2 KiB) catch as many as 256 did on every benchmark workload
// (synth-50/200, clang-14, cmake, python3: 32 would too).
constexpr uint32_t kCacheEntries = 64;
CacheEntry* g_cache = nullptr;  // scratch for relocation; see Pass::gen
Prepared* g_group = nullptr;    // the lookahead's group, allocated on first use
uint32_t g_cache_gen = 0;

// In ldd -r's trace mode an undefined symbol is reported in glibc's shape
// (rtld.c print_unresolved) and bound to 0; otherwise it fails the load.
[[gnu::cold, gnu::noinline]] bool report_undefined(Pass& p, const char* name, const VersionEntry* version) {
  const char* vname = version != nullptr ? version->name : nullptr;
  diag::trace_lookup_error(p.m.display_name(), kOccasionSymbol,
                           {"undefined symbol: ", name, vname != nullptr ? ", version " : nullptr, vname},
                           p.rt.options.mode == Mode::kTrace);
  if (p.rt.options.mode == Mode::kTrace) {
    base::FdWriter w(2);
    w.str("undefined symbol: ").str(name);
    if (version != nullptr && version->name != nullptr) w.str(", version ").str(version->name);
    w.str("\t(").str(p.m.display_name()).str(")\n");
    return true;
  }
  p.diag.fail(kOccasionSymbol, p.m.display_name(),
              {"undefined symbol: ", name, version != nullptr ? ", version " : nullptr,
               version != nullptr ? version->name : nullptr});
  return false;
}

// Whether the module being relocated may ask the memo (symbol/memo.h): not
// for answers that depend on the requester (DT_SYMBOLIC, RTLD_DEEPBIND,
// interposition rules; COPY lookups are excluded per call), nor when symbol
// tracing must show every walk. Only for a long scope: there a walk is dear and many
// libraries ask for the same names (at 50 libraries two lookups in three
// are repeats); in a short one a walk is cheap and the names mostly unique
// (clang-14: 19 members, 6 % repeats), so remembering them costs more than
// it saves.
bool may_use_memo(const Runtime& rt, const Module& m) {
  return rt.scope_count >= kScopeIndexMinMembers && !m.dyn.symbolic && !m.deepbind && m.ns == 0 &&
         rt.interpose == nullptr && !diag::tracing(diag::kTraceSymbols);
}

// What every answer goes through: the bindings trace, reldeps and NODELETE
// (dl/binding.h; only an object opened at run time can need them), and the
// module's symbol cache.
__attribute__((always_inline)) inline void finish_resolve(Pass& p, uint32_t idx, bool plt, bool cacheable,
                                                          const Definition& def, bool found,
                                                          const VersionEntry* version, bool interposed) {
  if (found && diag::tracing(diag::kTraceBindings))
    trace_binding(p.m, def, p.m.dyn.strtab + p.m.dyn.symtab[idx].st_name, version != nullptr ? version->name : nullptr,
                  interposed);
  if (found && def.module->dynamic) note_binding(p.rt, &p.m, def, true, true);
  if (cacheable) p.cache[idx & (kCacheEntries - 1)] = CacheEntry{p.gen, idx, found, plt, def};
  if (cacheable && !interposed && bind::recording(p.m)) bind::record(p.m, idx, plt, def, found);
}

// A full lookup: interposition rules first (COPY sources and TLS are never
// redirected), then the scope; the answer is remembered in the memo when
// the query was prepared for it (memo != nullptr) and does not depend on
// the requester.
__attribute__((noinline)) bool resolve_by_lookup(Pass& p, uint32_t idx, uint32_t flags, const VersionEntry* version,
                                                 elf::HashedName hashed, const MemoQuery* memo, Definition* def,
                                                 bool* found) {
  const elf::Elf64_Sym* sym = &p.m.dyn.symtab[idx];
  const char* name = p.m.dyn.strtab + sym->st_name;
  SymbolRef ref = symbol_ref(name, hashed, version);
  bool interposed = p.rt.interpose != nullptr && (flags & kLookupSkipExecutable) == 0 &&
                    elf::ELF64_ST_TYPE(sym->st_info) != elf::STT_TLS &&
                    interpose::redirect(p.rt, name, ref.gnu_hash, version != nullptr ? version->name : nullptr,
                                        &p.m, def);
  uint32_t at = kNotFromGlobalScope;
  *found = interposed || lookup_symbol(p.rt, ref, &p.m, flags & ~kBindRefused, def, &at);
  if (memo != nullptr && *found && at != kNotFromGlobalScope &&
      elf::ELF64_ST_BIND(def->sym->st_info) != elf::STB_GNU_UNIQUE)
    memo_store(p.rt, *memo, at, static_cast<uint32_t>(def->sym - def->module->dyn.symtab));
  if (!*found) {
    if (elf::ELF64_ST_BIND(sym->st_info) != elf::STB_WEAK && !report_undefined(p, name, version)) return false;
    *def = Definition{};
  }
  bool plt = (flags & kLookupPlt) != 0;
  finish_resolve(p, idx, plt, (flags & kLookupSkipExecutable) == 0, *def, *found, version, interposed);
  return true;
}

// The end of a question past the symbol cache, the memo asked (or not):
// its answer, else a full lookup (remembered when `query` was asked and
// the memo did not know it).
__attribute__((always_inline)) inline bool answer_or_look_up(Pass& p, uint32_t idx, uint32_t flags,
                                                             const VersionEntry* version, elf::HashedName hashed,
                                                             const MemoQuery* query, MemoAnswer answer,
                                                             Definition* def, bool* found) {
  if (answer != MemoAnswer::kKnown)
    return resolve_by_lookup(p, idx, flags, version, hashed, answer == MemoAnswer::kUnknown ? query : nullptr,
                             def, found);
  ++p.rt.stats.lookups_memo;
  *found = true;
  finish_resolve(p, idx, (flags & kLookupPlt) != 0, true, *def, true, version, false);
  return true;
}

// resolve() past the module's symbol cache: a warm bind cache, the memo,
// then a full lookup.
__attribute__((noinline)) bool resolve_uncached(Pass& p, uint32_t idx, uint32_t flags, Definition* def,
                                                bool* found) {
  const elf::DynamicInfo& d = p.m.dyn;
  const elf::Elf64_Sym* sym = &d.symtab[idx];
  bool plt = (flags & kLookupPlt) != 0;
  bool cacheable = (flags & kLookupSkipExecutable) == 0;
  ++p.rt.stats.lookups;
  // A warm bind cache (bind/bind.h) answers before any hashing.
  if (cacheable && (flags & kBindRefused) == 0 && bind::warm(p.m) && bind::answer(p.m, idx, plt, def, found)) {
    ++p.rt.stats.lookups_bound;
    finish_resolve(p, idx, plt, true, *def, *found, nullptr, false);
    return true;
  }
  const VersionEntry* version = needed_version(p.m, idx);
  elf::HashedName hashed = table_name_hash(p.m, idx);
  MemoQuery memo;
  MemoAnswer answer = p.memo && cacheable
                          ? memo_ask(d.strtab + sym->st_name, hashed, version, plt, p.rt, &memo, def)
                          : MemoAnswer::kNotAsked;
  return answer_or_look_up(p, idx, flags, version, hashed, &memo, answer, def, found);
}

// resolve_uncached for a question prepared ahead (reloc/lookahead.h; never
// on a warm start): hashed, versioned and memo-ready already.
__attribute__((noinline)) bool resolve_prepared(Pass& p, uint32_t idx, uint32_t flags, Definition* def,
                                                bool* found, const Prepared& pre) {
  ++p.rt.stats.lookups;
  ++p.rt.stats.lookups_prepared;
  MemoAnswer answer = pre.memo ? memo_answer(pre.q, p.rt, def) : MemoAnswer::kNotAsked;
  return answer_or_look_up(p, idx, flags, pre.version, pre.q.key, &pre.q, answer, def, found);
}

// Local symbols, and protected definitions, bind within the object (but
// not for a COPY's lookup, which skips the executable).
inline bool binds_within(const elf::Elf64_Sym& sym, bool skip_executable) {
  return elf::ELF64_ST_BIND(sym.st_info) == elf::STB_LOCAL ||
         (sym.st_shndx != elf::SHN_UNDEF && elf::ELF64_ST_VISIBILITY(sym.st_other) == elf::STV_PROTECTED &&
          !skip_executable);
}

// The module's symbol cache entry for symbol idx's question, or nullptr.
inline const CacheEntry* cached(const Pass& p, uint32_t idx, bool plt) {
  const CacheEntry& c = p.cache[idx & (kCacheEntries - 1)];
  return c.gen == p.gen && c.index == idx && c.plt == plt ? &c : nullptr;
}

// Resolves symbol `idx` of the module being relocated. *found is false for an
// undefined weak reference (value 0). Inline, the cheap answers: a local or
// protected definition, the module's own symbol cache (a symbol asked again).
__attribute__((always_inline)) inline bool resolve(Pass& p, uint32_t idx, uint32_t flags, Definition* def,
                                                   bool* found, const Prepared* pre = nullptr) {
  const elf::DynamicInfo& d = p.m.dyn;
  if (idx >= d.sym_limit || d.symtab[idx].st_name >= d.strsz) {
    p.diag.fail(kOccasionLoad, p.m.display_name(),
                {idx >= d.sym_limit ? "relocation symbol index out of range" : "symbol name out of range"});
    return false;
  }
  const elf::Elf64_Sym* sym = &d.symtab[idx];
  bool skip_executable = (flags & kLookupSkipExecutable) != 0;
  if (binds_within(*sym, skip_executable)) {
    *def = Definition{&p.m, sym};
    *found = true;
    return true;
  }
  const CacheEntry* c = skip_executable ? nullptr : cached(p, idx, (flags & kLookupPlt) != 0);
  if (c != nullptr) {
    ++p.rt.stats.lookups_cached;
    *def = c->def;
    *found = c->found;
    return true;
  }
  if (pre != nullptr) return resolve_prepared(p, idx, flags, def, found, *pre);
  return resolve_uncached(p, idx, flags, def, found);
}

uint64_t call_ifunc(uint64_t resolver) {
  using Resolver = uint64_t (*)();
  return reinterpret_cast<Resolver>(resolver)();
}

// ldd -r runs no IFUNC resolver: glibc relocates with __RTLD_NOIFUNC in trace
// mode (elf/rtld.c), storing the resolver's address. Running them would touch
// text and data pages (and cpu state) that the listing never needs.
bool skip_ifunc(const Runtime& rt) { return rt.options.mode == Mode::kTrace; }

// PLT slots bound to an IFUNC whose object was not relocated yet.
struct DeferredIfunc {
  void* place;
  uint64_t resolver;
  DeferredIfunc* next;
};
DeferredIfunc* g_deferred = nullptr;  // start-up scratch, drained by relocate_all

bool defer_ifunc(Pass& p, void* place, uint64_t resolver) {
  auto* d = p.rt.arena.make<DeferredIfunc>();
  if (d == nullptr) {
    p.diag.fail(kOccasionLoad, p.m.display_name(), {"cannot allocate memory for IFUNC binding"});
    return false;
  }
  *d = DeferredIfunc{place, resolver, g_deferred};
  g_deferred = d;
  return true;
}

// A resolver in an object not yet relocated may read unrelocated data. glibc
// refuses the executable case and warns for a library (sysdeps/x86_64/dl-machine.h).
[[gnu::cold, gnu::noinline]] bool check_ifunc_provider(Pass& p, const Definition& def, uint32_t idx) {
  const char* name = p.m.dyn.strtab + p.m.dyn.symtab[idx].st_name;
  if (def.module->is_executable()) {
    p.diag.fail("", nullptr, {"IFUNC symbol '", name, "' referenced in '", p.m.display_name(),
                              "' is defined in the executable and creates an unsatisfiable circular dependency."});
    return false;
  }
  base::FdWriter w(2);
  w.str(p.rt.progname).str(": Relink `").str(p.m.display_name()).str("' with `")
      .str(def.module->display_name()).str("' for IFUNC symbol `").str(name).str("'\n");
  return true;
}

// A TLSDESC to a dynamic block: {module, offset, generation} for the resolver.
bool dynamic_tlsdesc(Pass& p, void* place, const Definition& def, uint64_t offset) {
  auto* arg = p.rt.arena.make_array<uint64_t>(3);
  if (arg == nullptr) {
    p.diag.fail(kOccasionLoad, p.m.display_name(), {"cannot allocate memory for TLS descriptor"});
    return false;
  }
  uint64_t id = def.module->tls.module_id;
  arg[0] = id;
  arg[1] = offset;
  arg[2] = tls::generation_of_id(p.rt, id);
  uint64_t desc[2] = {reinterpret_cast<uint64_t>(&_dl_tlsdesc_dynamic), reinterpret_cast<uint64_t>(arg)};
  __builtin_memcpy(place, desc, 16);
  return true;
}

// Initial-exec TLS of an object opened after start-up, from the surplus
// (glibc: optional_static_tls, unless the object is marked DF_STATIC_TLS).
bool place_in_static_tls(Pass& p, Module& provider) {
  bool optional = (provider.dyn.flags & elf::DF_STATIC_TLS) == 0;
  if (!tls::allocate_static(p.rt, &provider, optional)) {
    p.diag.fail("", provider.display_name(), {"cannot allocate memory in static TLS block"});
    return false;
  }
  provider.tls.static_pending = true;
  return true;
}

[[gnu::cold, gnu::noinline]] void warn_copy_size(const char* progname, const char* name) {
  base::FdWriter(2).str(progname).str(": Symbol `").str(name)
      .str("' has different size in shared object, consider re-linking\n");
}

[[gnu::cold, gnu::noinline]] bool bad_type(Pass& p, uint32_t type, bool plt) {
  char msg[64];
  {
    base::Writer w(msg, sizeof msg);
    w.str(plt ? "unexpected PLT reloc type 0x" : "unexpected reloc type 0x").hex(type, 2);
  }
  p.diag.fail(kOccasionLoad, p.m.display_name(), {msg});
  return false;
}

bool apply_copy(Pass& p, const elf::Elf64_Rela& r, void* place) {
  Definition def;
  bool found;
  if (!resolve(p, elf::ELF64_R_SYM(r.r_info), kLookupSkipExecutable, &def, &found)) return false;
  if (!found) return true;
  const elf::Elf64_Sym* ref = &p.m.dyn.symtab[elf::ELF64_R_SYM(r.r_info)];
  uint64_t size = def.sym->st_size < ref->st_size ? def.sym->st_size : ref->st_size;
  if (def.sym->st_size > ref->st_size) warn_copy_size(p.rt.progname, p.m.dyn.strtab + ref->st_name);
  if (!def.module->image.contains(def.sym->st_value, size)) {
    p.diag.fail(kOccasionLoad, def.module->display_name(), {"copy relocation source out of range"});
    return false;
  }
  __builtin_memcpy(place, reinterpret_cast<const void*>(symbol_address(def)), size);
  return true;
}

// Batched copy-on-write (docs/design.md): the pages a chunk of RELATIVE
// entries will write are made private by one MADV_POPULATE_WRITE (~0.85 µs a
// page here) instead of one write fault each (~1.45 µs). Only for a chunk
// whose targets are dense, so no page is dirtied that relocation would not
// dirty; off where the kernel lacks it (before 5.14).
constexpr uint64_t kChunk = 4096;
constexpr uint64_t kMinPopulatePages = 4;
bool g_populate_works = true;

void populate_for_writes(const Pass& p, uint64_t first, uint64_t last, uint64_t entries) {
  uint64_t page = p.rt.startup.page_size;
  uint64_t lo = (p.m.image.bias + first) & ~(page - 1);
  uint64_t hi = (p.m.image.bias + last + 8 + page - 1) & ~(page - 1);
  uint64_t pages = (hi - lo) / page;
  // Dense enough that every page in the span gets written: the targets fill
  // at least four fifths of it. A sparser span may hold pages no relocation
  // writes, and populating them would cost faults glibc does not take.
  if (pages < kMinPopulatePages || pages > entries * 8 * 5 / 4 / page + 1) return;
  long r = base::sys_madvise(reinterpret_cast<void*>(lo), hi - lo, base::kMadvPopulateWrite);
  if (r == -base::kEinval) g_populate_works = false;
}

// Entries [i, end) of a DT_RELACOUNT prefix, four a step: each target
// checked to lie in [lo, lo + span] (one unsigned compare of its distance
// from lo, the four combined into one branch), then bias + addend stored.
// Returns the index of the first entry not applied.
uint64_t apply_trusted_relatives(const elf::Elf64_Rela* table, uint64_t i, uint64_t end, uintptr_t bias,
                                 uint64_t lo, uint64_t span) {
  uintptr_t base = bias + lo;  // the address of distance 0
  for (; i + 4 <= end; i += 4) {
    const elf::Elf64_Rela* r = table + i;
    uint64_t d0 = r[0].r_offset - lo, d1 = r[1].r_offset - lo, d2 = r[2].r_offset - lo, d3 = r[3].r_offset - lo;
    if ((d0 > span) | (d1 > span) | (d2 > span) | (d3 > span)) break;
    uint64_t v0 = bias + static_cast<uint64_t>(r[0].r_addend), v1 = bias + static_cast<uint64_t>(r[1].r_addend);
    uint64_t v2 = bias + static_cast<uint64_t>(r[2].r_addend), v3 = bias + static_cast<uint64_t>(r[3].r_addend);
    __builtin_memcpy(reinterpret_cast<void*>(base + d0), &v0, 8);
    __builtin_memcpy(reinterpret_cast<void*>(base + d1), &v1, 8);
    __builtin_memcpy(reinterpret_cast<void*>(base + d2), &v2, 8);
    __builtin_memcpy(reinterpret_cast<void*>(base + d3), &v3, 8);
  }
  return i;  // the rest (and any out-of-range entry) one at a time, checked
}

// A run of R_X86_64_RELATIVE entries (the bulk of most objects'
// relocations, mostly leading the table as DT_RELACOUNT says, but also
// interleaved) in a loop that does nothing else. Every target is checked to
// lie in the writable segments; the type of the first `trusted` entries is
// not (glibc applies DT_RELACOUNT's prefix as RELATIVE unexamined: a lying
// count gives wrong values, never a stray write). Returns how many it
// applied (0 when table[0] is not one).
uint64_t apply_relative_run(Pass& p, const elf::Elf64_Rela* table, uint64_t count, uint64_t trusted) {
  const Module& m = p.m;
  uintptr_t bias = m.image.bias;
  // writable_contains(off, 8) as one unsigned compare: off - lo <= (hi - 8) - lo.
  if (m.writable_hi < m.writable_lo + 8) return 0;
  uint64_t lo = m.writable_lo, span = m.writable_hi - 8 - m.writable_lo;
  auto apply = [bias](const elf::Elf64_Rela& r) {
    uint64_t v = bias + static_cast<uint64_t>(r.r_addend);
    __builtin_memcpy(reinterpret_cast<void*>(bias + r.r_offset), &v, 8);
  };
  uint64_t i = 0;
  while (i < count) {
    uint64_t end = count - i < kChunk ? count : i + kChunk;
    // Linkers sort these by offset: the chunk's first and last entries give
    // its span. Only a hint (unsorted input just gets no or partial populate).
    uint64_t first = table[i].r_offset, last = table[end - 1].r_offset;
    if (g_populate_works && end - i >= 64 && first <= last && first - lo <= span && last - lo <= span)
      populate_for_writes(p, first, last, end - i);
    uint64_t end_trusted = end < trusted ? end : trusted;
    i = apply_trusted_relatives(table, i, end_trusted, bias, lo, span);
    for (; i < end; ++i) {
      const elf::Elf64_Rela& r = table[i];
      if ((i >= trusted && elf::ELF64_R_TYPE(r.r_info) != R_X86_64_RELATIVE) || r.r_offset - lo > span) break;
      apply(r);
    }
    if (i < end) break;
  }
  p.rt.stats.relocations += i;
  p.rt.stats.relative_relocations += i;
  p.rt.stats.by_type[R_X86_64_RELATIVE] += i;
  return i;
}

// An IFUNC definition (not the executable's undefined canonical PLT entry).
inline bool is_ifunc(const Definition& def) {
  return elf::ELF64_ST_TYPE(def.sym->st_info) == elf::STT_GNU_IFUNC && def.sym->st_shndx != elf::SHN_UNDEF;
}

// The value a reference at place to IFUNC definition def takes: its
// resolver's choice in *s (which holds the resolver; left so in ldd -r).
// kDeferred: a PLT slot that waits for its provider's relocation.
enum class IfuncTarget { kValue, kDeferred, kFailed };
IfuncTarget ifunc_target(Pass& p, const Definition& def, uint32_t idx, uint32_t type, void* place, uint64_t* s) {
  if (skip_ifunc(p.rt)) return IfuncTarget::kValue;
  if (def.module != &p.m && !def.module->relocated) {
    // A PLT slot can wait until its provider is relocated (glibc binds
    // it lazily, after start-up); an address taken now cannot.
    if (type == R_X86_64_JUMP_SLOT) return defer_ifunc(p, place, *s) ? IfuncTarget::kDeferred : IfuncTarget::kFailed;
    if (!check_ifunc_provider(p, def, idx)) return IfuncTarget::kFailed;
  }
  *s = call_ifunc(*s);
  return IfuncTarget::kValue;
}

// GLOB_DAT, JUMP_SLOT and 64: nearly every symbolic relocation.
inline bool is_common_symbolic(uint32_t type) {
  return type == R_X86_64_GLOB_DAT || type == R_X86_64_JUMP_SLOT || type == R_X86_64_64;
}

// The common symbolic relocations in a path of their own: resolved (on a
// warm start straight from the bind cache's answer, without resolve()'s
// questions) and stored, none of the general switch. kNotMine (nothing
// done): another type, a target out of range, no bind-cache answer.
enum class Symbolic { kApplied, kNotMine, kFailed };
__attribute__((always_inline)) inline Symbolic apply_symbolic(Pass& p, const elf::Elf64_Rela& r, uint32_t type,
                                                              bool warm, const Prepared* pre) {
  if (!is_common_symbolic(type)) return Symbolic::kNotMine;
  const Module& m = p.m;
  uint32_t idx = elf::ELF64_R_SYM(r.r_info);
  if (idx == 0 || !m.writable_contains(r.r_offset, 8)) return Symbolic::kNotMine;
  bool plt = type == R_X86_64_JUMP_SLOT;
  Definition def;
  bool found;
  if (warm && bind::answer(m, idx, plt, &def, &found)) {
    ++p.rt.stats.lookups;
    ++p.rt.stats.lookups_bound;
  } else if (!resolve(p, idx, (plt ? uint32_t{kLookupPlt} : 0u) | (warm ? kBindRefused : 0u), &def, &found, pre)) {
    return Symbolic::kFailed;
  }
  ++p.rt.stats.relocations;
  ++p.rt.stats.by_type[type];
  void* place = reinterpret_cast<void*>(m.image.bias + r.r_offset);
  uint64_t v = found ? symbol_address(def) : 0;
  if (found && is_ifunc(def)) {
    switch (ifunc_target(p, def, idx, type, place, &v)) {
      case IfuncTarget::kValue: break;
      case IfuncTarget::kDeferred: return Symbolic::kApplied;
      case IfuncTarget::kFailed: return Symbolic::kFailed;
    }
  }
  if (type == R_X86_64_64) v += static_cast<uint64_t>(r.r_addend);
  __builtin_memcpy(place, &v, 8);
  return Symbolic::kApplied;
}

// The lookahead's group (reloc/lookahead.h) of relocations [first, end):
// prepares, in relocation order, the questions resolve() will ask past its
// symbol cache, each phase prefetching what the next reads. Returns how many.
__attribute__((noinline)) uint32_t prepare_group(const Pass& p, const elf::Elf64_Rela* table, uint64_t first,
                                                 uint64_t end, Prepared* out) {
  const elf::DynamicInfo& d = p.m.dyn;
  uint32_t n = 0;
  for (uint64_t j = first; j < end; ++j) {  // the referring symbols
    uint32_t type = elf::ELF64_R_TYPE(table[j].r_info);
    if (!is_common_symbolic(type)) continue;
    uint32_t idx = elf::ELF64_R_SYM(table[j].r_info);
    if (idx == 0 || idx >= d.sym_limit) continue;
    base::prefetch(&d.symtab[idx]);
    out[n].reloc = j;
    out[n].idx = idx;
    out[n].plt = type == R_X86_64_JUMP_SLOT;
    ++n;
  }
  uint32_t kept = 0;
  for (uint32_t k = 0; k < n; ++k) {  // their names, unless resolve() answers without one
    uint32_t idx = out[k].idx;
    bool plt = out[k].plt;
    const elf::Elf64_Sym& sym = d.symtab[idx];
    if (sym.st_name >= d.strsz || binds_within(sym, false) || cached(p, idx, plt) != nullptr ||
        (kept != 0 && out[kept - 1].idx == idx && out[kept - 1].plt == plt))  // the cache will have it
      continue;
    base::prefetch_range(d.strtab + sym.st_name, kNameBytesAhead);  // its length is not known yet
    if (d.versym != nullptr) base::prefetch(&d.versym[idx]);
    out[kept].reloc = out[k].reloc;
    out[kept].idx = idx;
    out[kept].plt = plt;
    ++kept;
  }
  for (uint32_t k = 0; k < kept; ++k) {  // hashed once; the memo's slot
    Prepared& e = out[k];
    e.version = needed_version(p.m, e.idx);
    const char* name = d.strtab + d.symtab[e.idx].st_name;
    elf::HashedName hashed = table_name_hash(p.m, e.idx);
    e.memo = memo_prepare(name, hashed, e.version, e.plt, p.rt, &e.q);
    if (!e.memo) {
      e.q.name = name;
      e.q.key = hashed;
    } else if (const void* home = memo_home(e.q)) {
      base::prefetch(home);
    }
  }
  // A slot that names a definition: its symbol, then its name. None: a full
  // lookup will follow, and its walk is prefetched stage by stage.
  Definition candidates[kLookaheadGroup];
  uint32_t misses = 0, hashes[kLookaheadGroup], lengths[kLookaheadGroup];
  LookupPrefetch walks[kLookaheadGroup];
  for (uint32_t k = 0; k < kept; ++k) {
    candidates[k] = out[k].memo ? memo_candidate(out[k].q, p.rt) : Definition{};
    if (candidates[k].sym != nullptr) base::prefetch(candidates[k].sym);
    else hashes[misses] = out[k].q.key.hash, lengths[misses++] = out[k].q.key.length;
  }
  prefetch_lookups(p.rt, 0, hashes, lengths, walks, misses);
  for (uint32_t k = 0; k < kept; ++k) {  // the whole name: the compare reads up to its NUL
    const Definition& c = candidates[k];
    if (c.sym != nullptr && c.sym->st_name < c.module->dyn.strsz)
      base::prefetch_range(c.module->dyn.strtab + c.sym->st_name, out[k].q.key.length);
  }
  for (uint32_t stage = 1; stage <= 4; ++stage) prefetch_lookups(p.rt, stage, hashes, lengths, walks, misses);
  return kept;
}

// Whether relocations in this scope prepare their memo questions a group
// ahead: LDR_LOOKAHEAD, else when the members' symbol and string tables
// outgrow the caches (kLookaheadMinBytes). Kept per scope.
struct LookaheadVerdict {
  ScopeStamp scope;
  bool wanted = false;
};
LookaheadVerdict g_lookahead;

bool wants_lookahead(const Runtime& rt) {
  if (rt.options.lookahead >= 0) return rt.options.lookahead != 0;
  LookaheadVerdict& v = g_lookahead;
  if (!v.scope.matches(rt)) {
    uint64_t bytes = 0;
    for (uint32_t i = 0; i < rt.scope_count; ++i)
      bytes += uint64_t{rt.scope[i]->dyn.sym_count} * sizeof(elf::Elf64_Sym) + rt.scope[i]->dyn.strsz;
    v = LookaheadVerdict{ScopeStamp::of(rt), bytes >= kLookaheadMinBytes};
  }
  return v.wanted;
}

// Applies one table. IRELATIVE entries are applied after all the others.
// kLookahead: the memo's questions are prepared a group ahead (reloc/lookahead.h).
template <bool kLookahead>
bool apply_table(Pass& p, const elf::Elf64_Rela* table, uint64_t count, bool plt) {
  Module& m = p.m;
  uintptr_t bias = m.image.bias;
  uint64_t first_irelative = count, last_irelative = 0;
  bool warm = bind::warm(m);
  Prepared* group = kLookahead && !warm ? g_group : nullptr;
  uint64_t group_end = 0;
  uint32_t group_size = 0, group_next = 0;
  for (uint64_t i = 0; i < count; ++i) {
    const elf::Elf64_Rela& r = table[i];
    uint32_t type = elf::ELF64_R_TYPE(r.r_info);
    if (type == R_X86_64_RELATIVE && !plt) {
      uint64_t trusted = table == m.dyn.rela && i < m.dyn.relative_count ? m.dyn.relative_count - i : 0;
      if (uint64_t n = apply_relative_run(p, table + i, count - i, trusted)) {
        i += n - 1;
        continue;
      }
    }
    const Prepared* pre = nullptr;
    if (kLookahead && group != nullptr) {
      if (i >= group_end) {
        group_end = i + kLookaheadGroup < count ? i + kLookaheadGroup : count;
        group_size = prepare_group(p, table, i, group_end, group);
        group_next = 0;
      }
      if (group_next < group_size && group[group_next].reloc == i) pre = &group[group_next++];
    }
    Symbolic done = apply_symbolic(p, r, type, warm, pre);
    if (done == Symbolic::kApplied) continue;
    if (done == Symbolic::kFailed) return false;
    if (!m.writable_contains(r.r_offset, type == R_X86_64_TLSDESC ? 16 : 8)) {
      if (type == R_X86_64_NONE) continue;
      p.diag.fail(kOccasionLoad, m.display_name(), {"relocation offset out of range"});
      return false;
    }
    void* place = reinterpret_cast<void*>(bias + r.r_offset);
    ++p.rt.stats.relocations;
    if (type < kRelocTypeCount) ++p.rt.stats.by_type[type];
    if (type == R_X86_64_RELATIVE) {
      ++p.rt.stats.relative_relocations;
      uint64_t v = bias + static_cast<uint64_t>(r.r_addend);
      __builtin_memcpy(place, &v, 8);
      continue;
    }
    if (type == R_X86_64_IRELATIVE) {
      if (i < first_irelative) first_irelative = i;
      last_irelative = i;
      continue;
    }
    if (type == R_X86_64_NONE) continue;
    if (type == R_X86_64_COPY) {
      if (!m.is_executable()) return bad_type(p, type, plt);
      if (!apply_copy(p, r, place)) return false;
      continue;
    }
    uint32_t idx = elf::ELF64_R_SYM(r.r_info);
    Definition def;
    bool found = false;
    if (idx != 0) {
      if (!resolve(p, idx, type == R_X86_64_JUMP_SLOT ? uint32_t{kLookupPlt} : 0u, &def, &found)) return false;
    } else if (type == R_X86_64_DTPMOD64 || type == R_X86_64_TPOFF64 || type == R_X86_64_TLSDESC ||
               type == R_X86_64_DTPOFF64) {
      def = Definition{&m, nullptr};  // local-dynamic: the module's own block
      found = true;
    }
    uint64_t sym_value = found && def.sym != nullptr ? def.sym->st_value : 0;
    switch (type) {
      case R_X86_64_DTPMOD64: {
        uint64_t v = found ? def.module->tls.module_id : 0;
        __builtin_memcpy(place, &v, 8);
        continue;
      }
      case R_X86_64_DTPOFF64: {
        uint64_t v = sym_value + static_cast<uint64_t>(r.r_addend);
        __builtin_memcpy(place, &v, 8);
        continue;
      }
      case R_X86_64_TPOFF64:
      case R_X86_64_TLSDESC: {
        if (found && def.module->tls.module_id == 0) {
          p.diag.fail(kOccasionLoad, m.display_name(), {"TLS reference to an object without TLS"});
          return false;
        }
        if (found && !tls::is_static(*def.module)) {
          // An object opened after start-up: a descriptor can reach its
          // dynamic block; initial-exec code needs it in static TLS.
          if (type == R_X86_64_TLSDESC) {
            if (!dynamic_tlsdesc(p, place, def, sym_value + static_cast<uint64_t>(r.r_addend))) return false;
            continue;
          }
          if (!place_in_static_tls(p, *const_cast<Module*>(def.module))) return false;
        }
        uint64_t v = found ? sym_value + static_cast<uint64_t>(r.r_addend) -
                                 static_cast<uint64_t>(def.module->tls.tp_offset)
                           : static_cast<uint64_t>(r.r_addend);
        if (type == R_X86_64_TPOFF64) {
          __builtin_memcpy(place, &v, 8);
        } else {
          uint64_t desc[2] = {reinterpret_cast<uint64_t>(found ? &_dl_tlsdesc_return : &_dl_tlsdesc_undefweak), v};
          __builtin_memcpy(place, desc, 16);
        }
        continue;
      }
      default: break;
    }
    reloc::RelocInputs in{};
    in.A = r.r_addend;
    in.P = reinterpret_cast<uint64_t>(place);
    in.B = bias;
    if (found) {
      in.S = symbol_address(def);
      in.Z = def.sym->st_size;
      if (is_ifunc(def)) {
        switch (ifunc_target(p, def, idx, type, place, &in.S)) {
          case IfuncTarget::kValue: break;
          case IfuncTarget::kDeferred: continue;
          case IfuncTarget::kFailed: return false;
        }
      }
    }
    switch (reloc::apply_value(type, place, in)) {
      case reloc::ApplyResult::kOk: break;
      case reloc::ApplyResult::kOverflow:
        p.diag.fail(kOccasionLoad, m.display_name(), {"relocation value does not fit its field"});
        return false;
      case reloc::ApplyResult::kNotValueType: return bad_type(p, type, plt);
    }
  }
  for (uint64_t i = first_irelative; i <= last_irelative && i < count; ++i) {
    const elf::Elf64_Rela& r = table[i];
    if (elf::ELF64_R_TYPE(r.r_info) != R_X86_64_IRELATIVE) continue;
    uint64_t v = bias + static_cast<uint64_t>(r.r_addend);
    if (!skip_ifunc(p.rt)) v = call_ifunc(v);
    __builtin_memcpy(reinterpret_cast<void*>(bias + r.r_offset), &v, 8);
  }
  return true;
}

bool apply_relr(Pass& p) {
  Module& m = p.m;
  uintptr_t bias = m.image.bias;
  bool ok = reloc::for_each_relr(m.dyn.relr, m.dyn.relr_count, [&](uint64_t where) {
    if (!m.writable_contains(where, 8)) return false;
    auto* slot = reinterpret_cast<uint64_t*>(bias + where);
    *slot += bias;
    ++p.rt.stats.relative_relocations;
    ++p.rt.stats.relr_relocations;
    ++p.rt.stats.relocations;
    return true;
  });
  if (!ok) p.diag.fail(kOccasionLoad, m.display_name(), {"RELR relocation offset out of range"});
  return ok;
}

// Restores read-only protection of a page that lies in some module's RELRO.
void reprotect_if_relro(const Runtime& rt, uintptr_t page) {
  for (const Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->relro_size != 0 && page >= m->relro_start && page < m->relro_start + m->relro_size) {
      base::sys_mprotect(reinterpret_cast<void*>(page), rt.startup.page_size, base::kProtRead);
      return;
    }
  }
}

// glibc's "\nrelocation processing: NAME" (never " (lazy)": ldr binds eagerly).
[[gnu::cold, gnu::noinline]] void trace_relocation_processing(const Module& m) {
  diag::TraceLine();
  diag::trace_line({"relocation processing: ", m.display_name()});
}

bool ensure_cache(Runtime& rt, Diag& diag) {
  if (g_cache != nullptr) return true;
  g_cache = rt.arena.make_array<CacheEntry>(kCacheEntries);  // zeroed: gen 0 is never a pass
  if (g_cache == nullptr) {
    diag.fail(kOccasionLoad, nullptr, {"cannot allocate the symbol cache"});
    return false;
  }
  // resolve() reads an entry before writing it: clear the table now so that
  // the first touch of each page is a write (a read maps the zero page, and
  // the first store then faults again).
  base::fill_bytes(g_cache, 0, sizeof(CacheEntry) * kCacheEntries);
  return true;
}

}  // namespace

namespace {

// The global scope relocation of an object of another namespace (dlmopen)
// walks: that namespace's (the closure of its root), in rt.scope while the
// object is relocated, so that lookup_symbol, its one caller and its caches
// (keyed by the scope's stamp) stay as they are for the program's objects.
// Lookups are made under the loader lock, as every reader of rt.scope.
struct NamespaceScope {
  Runtime& rt;
  Module** scope;
  uint32_t count;
  bool swapped;
  NamespaceScope(Runtime& r, const Module& m)
      : rt(r), scope(r.scope), count(r.scope_count), swapped(m.ns != 0) {
    if (!swapped) return;
    rt.scope = namespace_scope(rt, m.ns, &rt.scope_count);
    ++rt.scope_generation;
  }
  ~NamespaceScope() {
    if (!swapped) return;
    rt.scope = scope;
    rt.scope_count = count;
    ++rt.scope_generation;
  }
};

}  // namespace

bool relocate_module(Runtime& rt, Diag& diag, Module* m) {
  if (m->relocated) return true;
  NamespaceScope ns_scope(rt, *m);
  if (!ensure_cache(rt, diag)) return false;
  if (diag::tracing(diag::kTraceReloc)) trace_relocation_processing(*m);
  Pass p{rt, diag, *m, g_cache, ++g_cache_gen, may_use_memo(rt, *m)};
  if (p.memo) memo_follow_scope(rt);
  if (p.memo && wants_lookahead(rt)) {
    if (g_group == nullptr) g_group = rt.arena.make_array<Prepared>(kLookaheadGroup);
    p.lookahead = g_group != nullptr;
  }
  uint64_t page = rt.startup.page_size;
  if (m->dyn.textrel) {
    if (!set_text_writable(*m, true, page)) {
      diag.fail(kOccasionLoad, m->display_name(), {"cannot make segment writable for relocation"});
      return false;
    }
    m->writable_lo = m->image.lo;  // text relocations may write anywhere in the image
    m->writable_hi = m->image.hi;
  }
  auto apply = p.lookahead ? apply_table<true> : apply_table<false>;
  // ldd -d: the PLT not bound, its undefined functions not reported (-r binds all).
  bool plt_lazy = plt_left_unbound(rt.options) && !m->dyn.bind_now;
  bool ok = apply_relr(p) && apply(p, m->dyn.rela, m->dyn.rela_count, false) &&
            (plt_lazy || apply(p, m->dyn.jmprel, m->dyn.jmprel_count, true));
  if (!ok) return false;
  if (m->dyn.textrel && !set_text_writable(*m, false, page)) {
    diag.fail(kOccasionLoad, m->display_name(), {"cannot restore segment prot after reloc"});
    return false;
  }
  protect_relro(*m, page);
  m->relocated = true;
  return true;
}

bool relocate_all(Runtime& rt, Diag& diag) {
  // glibc 2.36 relocates in initialization order (dependencies first, the
  // executable last), walking main_map->l_initfini backwards (elf/rtld.c).
  const Module* loader = nullptr;
  for (uint32_t i = 0; i < rt.init_count; ++i) {
    Module* m = rt.init_order[i];
    if (m->kind == ModuleKind::kLoader) loader = m;
    if (m->kind == ModuleKind::kVdso || m->kind == ModuleKind::kLoader || m->missing) continue;
    if (!relocate_module(rt, diag, m)) return false;
  }
  // glibc relocates ld.so again last (for its own symbol references into
  // libc) and shows it; ldr relocated itself at entry.
  if (loader != nullptr && diag::tracing(diag::kTraceReloc)) trace_relocation_processing(*loader);
  finish_deferred_ifuncs(rt);
  return true;
}

void drop_deferred_ifuncs() { g_deferred = nullptr; }

void finish_deferred_ifuncs(Runtime& rt) {
  // Deferred PLT slots: every provider is relocated now. A slot in RELRO
  // (-z now) needs its page writable for the store.
  for (DeferredIfunc* d = g_deferred; d != nullptr; d = d->next) {
    uint64_t v = call_ifunc(d->resolver);
    uintptr_t page = reinterpret_cast<uintptr_t>(d->place) & ~(rt.startup.page_size - 1);
    long r = base::sys_mprotect(reinterpret_cast<void*>(page), rt.startup.page_size, base::kProtRead | base::kProtWrite);
    __builtin_memcpy(d->place, &v, 8);
    if (!base::sys_failed(r)) reprotect_if_relro(rt, page);
  }
  g_deferred = nullptr;
}

}  // namespace ldr
