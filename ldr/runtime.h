// SPDX-License-Identifier: MIT
// Runtime: the loader's state for one process, in one struct with one
// instance. Filled phase by phase by start/main.cc; each room reads what it
// needs. Nothing here may have a non-trivial constructor: it is zero- or
// constant-initialised before self-relocation.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/arena.h"
#include "module/module.h"

namespace ldr {

struct Personality;
namespace cache {
struct View;
}
namespace interpose {
struct State;
}
namespace search {
struct HwcapsName;
struct HwcapsDir;
}

enum class Mode : uint8_t {
  kRun,     // load, relocate, initialise, run the program
  kList,    // --list: print dependencies (ldd format), fail on a missing one
  kTrace,   // LD_TRACE_LOADED_OBJECTS: like kList, missing ones print "not found"
  kVerify,  // --verify: exit 0, 1 or 2 as glibc does
  kListTunables,  // --list-tunables: glibc's tunables with their bounds, no program
  kListDiagnostics,  // --list-diagnostics: glibc's diagnostics (and ldr's), no program
};

struct Options {
  Mode mode = Mode::kRun;
  bool direct = false;               // started as `ldr PROGRAM`, not as PT_INTERP
  bool inhibit_cache = false;
  bool warn = false;  // LD_WARN with LD_TRACE_LOADED_OBJECTS (ldd -d/-r): relocate, report undefined symbols
  bool bind_now = false;      // LD_BIND_NOW (non-empty): ldd -r rather than -d (ldr always binds eagerly)
  bool verbose = false;  // LD_VERBOSE with a listing (ldd -v): the needed versions after it
  bool trace_program = false;  // LD_TRACE_LOADED_OBJECTS above 1: the listing starts with the program
  const char* cache_path = nullptr;       // --cache FILE, else LDR_CACHE (not in secure mode)
  const char* library_path = nullptr;     // --library-path, else LD_LIBRARY_PATH
  const char* origin_path = nullptr;      // LD_ORIGIN_PATH: the program's $ORIGIN when /proc cannot tell
  const char* ldr_library_path = nullptr; // LDR_LIBRARY_PATH, searched first
  const char* preload = nullptr;          // --preload LIST (not inherited)
  const char* env_preload = nullptr;      // LD_PRELOAD
  const char* audit = nullptr;            // --audit LIST, every one joined by ':' (start/audit.h: reported, not loaded)
  const char* env_audit = nullptr;        // LD_AUDIT (likewise)
  const char* inhibit_rpath = nullptr;    // --inhibit-rpath LIST
  const char* glibc_hwcaps_prepend = nullptr;  // --glibc-hwcaps-prepend LIST (search/hwcaps.h)
  const char* glibc_hwcaps_mask = nullptr;     // --glibc-hwcaps-mask LIST (nullptr: every built-in)
  const char* argv0 = nullptr;            // --argv0
  const char* manifest = nullptr;         // --manifest FILE (interposition rules)
  const char* bind_cache = nullptr;       // --bind-cache DIR, else LDR_BIND_CACHE (not in secure mode)
  const char* system_bind_cache = nullptr;  // --system-bind-cache DIR ("": none), else LDR_BIND_DIR
  bool huge_relro = true;                 // a large RELRO in huge pages (map/huge_relro); LDR_HUGE_RELRO=0: not
  int8_t lookahead = -1;                  // memo lookahead (reloc/lookahead.h): -1 by table size, LDR_LOOKAHEAD=0/1
};

// Whether this start relocates what it loads: a run, or ldd -r's trace mode
// (LD_TRACE_LOADED_OBJECTS with LD_WARN). --list, plain ldd and --verify stop
// before relocation.
inline bool relocates(const Options& o) { return o.mode == Mode::kRun || (o.mode == Mode::kTrace && o.warn); }

// ldd -d (trace mode without LD_BIND_NOW): glibc relocates lazily there, so
// the PLT of an object not linked -z now stays unbound (reloc/relocate.cc),
// and no bind cache is read or written (bind/bind.cc: a file would lack
// those answers for good).
inline bool plt_left_unbound(const Options& o) { return o.mode == Mode::kTrace && !o.bind_now; }

struct StartupInfo {
  int argc = 0;
  char** argv = nullptr;
  char** envp = nullptr;
  uint64_t* auxv = nullptr;
  void* stack = nullptr;      // the initial stack pointer (argc), after any rewrite
  uint64_t page_size = 4096;
  bool secure = false;
  uintptr_t at_random = 0;
  uintptr_t at_sysinfo_ehdr = 0;
  uintptr_t at_phdr = 0, at_entry = 0, at_base = 0;
  uint64_t at_phnum = 0;
  uint64_t at_hwcap = 0, at_hwcap2 = 0, at_minsigstksz = 0, at_clktck = 0, at_fpucw = 0;
  const char* at_execfn = nullptr;
  const char* at_platform = nullptr;
};

struct TlsState {
  uint64_t max_module_id = 0;
  uint64_t static_used = 0;   // bytes below the TCB used by modules
  uint64_t static_size = 0;   // whole static block incl. surplus and TCB
  uint64_t static_align = 64;
  uint64_t surplus = 0;
  uint64_t optional = 0;      // glibc.rtld.optional_static_tls part of the surplus
  uint64_t generation = 1;
  uintptr_t tp = 0;           // the initial thread's thread pointer
  void* initial_dtv = nullptr;  // its first DTV (arena memory: never freed)
};

struct Stats {
  uint64_t relocations = 0;
  uint64_t relative_relocations = 0;
  uint64_t relr_relocations = 0;
  uint64_t by_type[40] = {};  // indexed by relocation type (arch::kRelocTypeCount)
  uint64_t lookups = 0;
  uint64_t lookups_cached = 0;
  uint64_t lookups_memo = 0;  // of `lookups`, answered by the memo (symbol/memo.h)
  uint64_t lookups_bound = 0; // of `lookups`, answered by the bind cache (bind/bind.h)
  uint64_t lookups_prepared = 0;  // of `lookups`, prepared a group ahead (reloc/lookahead.h)
  uint64_t objects_loaded = 0;
  uint64_t ns_start = 0, ns_loaded = 0, ns_relocated = 0;
  uint64_t ns_setup = 0;  // personality, link maps and static TLS done; relocation starts
};

struct Runtime {
  base::Arena arena;
  StartupInfo startup;
  Options options;
  const char* progname = nullptr;  // argv[0] of the program, for messages

  Module* first = nullptr;  // load order: executable, (vDSO), preloads, dependencies
  Module* last = nullptr;
  Module* main = nullptr;
  Module* self = nullptr;   // ldr itself, listed only when something needs it
  Module* vdso = nullptr;
  uint32_t module_count = 0;
  uint32_t list_generation = 0;  // bumped when a module leaves the list (module/load indexes names by it)

  Module** scope = nullptr;  // global lookup scope, in search-list order
  uint32_t scope_count = 0;
  uint32_t scope_generation = 0;  // bumped whenever scope changes (symbol/ caches by it)
  Module** init_order = nullptr;  // dependencies first
  uint32_t init_count = 0;
  Module** late_init = nullptr;   // objects dlopen initialized, in that order
  uint32_t late_count = 0, late_capacity = 0;

  // Link-map namespaces (dlmopen; glibc's DL_NNS of them). 0 is the
  // program's, whose global scope is `scope`; namespace k's is the closure of
  // ns_root[k], the object its first dlmopen loaded (glibc: the head of
  // _ns_loaded's searchlist), nullptr while k is unused. loading_ns is where
  // the load in progress puts new objects and finds loaded ones (dl/open.cc
  // sets it under the loader lock).
  static constexpr uint32_t kNamespaces = 16;
  Module* ns_root[kNamespaces] = {};
  uint8_t loading_ns = 0;

  TlsState tls;
  Stats stats;
  const Personality* personality = nullptr;
  bool stack_executable = false;  // the initial stack was made executable (PT_GNU_STACK)
  const cache::View* cache = nullptr;  // the mapped ldr cache, when usable (cache/open)
  bool cache_tried = false;
  interpose::State* interpose = nullptr;  // rules, when any (interpose/)
  const search::HwcapsName* hwcaps = nullptr;  // glibc-hwcaps subdirectories by priority, at first use (search/)
  uint32_t hwcaps_count = 0;
  search::HwcapsDir* hwcaps_dirs = nullptr;  // directories probed for glibc-hwcaps/ (search/)
};

// The process's one Runtime.
Runtime& runtime();

// Which global scope per-scope state was built for (symbol/: the dense bloom
// array, the scope index, the memo; reloc/: the lookahead's verdict): its
// array, count and generation. Every change of the scope bumps the
// generation; the array and count are compared too, a guard that costs
// nothing measurable.
struct ScopeStamp {
  Module* const* scope = nullptr;
  uint32_t count = 0;
  uint32_t generation = 0;

  bool matches(const Runtime& rt) const {
    return scope == rt.scope && count == rt.scope_count && generation == rt.scope_generation;
  }
  static ScopeStamp of(const Runtime& rt) { return {rt.scope, rt.scope_count, rt.scope_generation}; }
};

// The global scope of namespace ns and its length: the program's (`scope`),
// or the closure of ns_root[ns] (dlmopen); none while that namespace is unused.
inline Module** namespace_scope(const Runtime& rt, uint32_t ns, uint32_t* count) {
  if (ns == 0) {
    *count = rt.scope_count;
    return rt.scope;
  }
  const Module* root = rt.ns_root[ns];
  *count = root != nullptr ? root->local_scope_count : 0;
  return root != nullptr ? root->local_scope : nullptr;
}

}  // namespace ldr
