// SPDX-License-Identifier: MIT
// The glibc personality: what libc.so.6 of this glibc build expects of its
// loader, at the start-up points the core offers (personality/personality.h).
// Chosen when libc.so.6 is in the closure; its build-id must be the one the
// layouts were generated for.
#include "glibc/personality.h"
#include "module/notes.h"

#include "base/fmt.h"
#include "base/mem.h"
#include "base/sys.h"
#include "diag/trace.h"
#include "elf/hash.h"
#include "elf/note.h"
#include "glibc/cpu_features.h"
#include "glibc/diagnostics.h"
#include "glibc/dlfcn_hook.h"
#include "glibc/exports.h"
#include "glibc/layout.h"
#include "glibc/libc_malloc.h"
#include "glibc/link_map.h"
#include "glibc/rtld_global.h"
#include "glibc/all_threads.h"
#include "glibc/thread.h"
#include "glibc/tunables.h"
#include "module/load.h"
#include "personality/personality.h"
#include "runtime.h"
#include "symbol/lookup.h"
#include "symbol/name_hash.h"
#include "tls/dynamic.h"

namespace ldr::glibc {

namespace {

namespace T = L::tunables;

Tunable g_tunables[T::kCount];  // this build's tunable_list[], by id
CpuFeatures g_cpu;              // computed once, copied into _rtld_global_ro
// libc's pthread_mutex_lock/unlock, once libc is initialized: the lock
// functions libc's own __rtld_lock_lock_recursive uses on _rtld_global's locks.
int (*g_mutex_lock)(void*) = nullptr;
int (*g_mutex_unlock)(void*) = nullptr;

// libc.so.6 and libm.so.6 must be the builds the layouts describe.
bool check_build_ids(Runtime& rt, Diag& diag) {
  struct Expected {
    const char* soname;
    const unsigned char* id;
    size_t len;
    const char* hex;
  } expected[] = {{"libc.so.6", L::libc::kBuildId, sizeof L::libc::kBuildId, L::libc::kBuildIdHex},
                  {"libm.so.6", L::libm::kBuildId, sizeof L::libm::kBuildId, L::libm::kBuildIdHex}};
  for (const Expected& e : expected) {
    const Module* m = find_loaded(rt, e.soname);
    if (m == nullptr || m->missing) continue;
    const unsigned char* id = nullptr;
    uint32_t len = 0;
    bool ok = build_id_of(*m, &id, &len) && len == e.len && __builtin_memcmp(id, e.id, len) == 0;
    if (ok) continue;
    char have[2 * 64 + 1] = "none";
    if (id != nullptr) {
      base::Writer w(have, sizeof have);
      for (uint32_t i = 0; i < len && i < 64; ++i) w.hex(id[i], 2);
    }
    diag.fail(kOccasionLoad, m->display_name(),
              {"unsupported glibc build (build-id ", have, "); ldr was generated for build-id ", e.hex,
               " (", L::kGlibcPackage, ")"});
    return false;
  }
  return true;
}

char* copy_env_entry(const char* entry) {
  return runtime().arena.dup(entry);
}

void init_tunable_table(Runtime& rt) {
  for (size_t i = 0; i < T::kCount; ++i) {
    const L::Tunable& src = T::kList[i];
    g_tunables[i] = Tunable{src.name, src.env_alias, static_cast<TunableType>(src.type_code),
                            static_cast<TunableSecurity>(src.security_level), src.min, src.max,
                            src.default_value, src.default_string, false};
  }
  // glibc's maybe_enable_malloc_check asks only in secure mode (the only
  // mode where the answer matters).
  bool suid_debug = rt.startup.secure &&
                    base::syscall2(base::kSysAccess, reinterpret_cast<long>("/etc/suid-debug"), 0) == 0;
  init_tunables(g_tunables, T::kCount, rt.startup.envp, rt.startup.secure, suid_debug, copy_env_entry);
}

int64_t tunable_num(uint32_t id) { return g_tunables[id].num; }

void compute_cpu(Runtime& rt) {
  CpuTunables t;
  if (g_tunables[T::glibc_cpu_hwcaps].initialized) t.hwcaps = g_tunables[T::glibc_cpu_hwcaps].str;
  t.x86_data_cache_size = static_cast<uint64_t>(tunable_num(T::glibc_cpu_x86_data_cache_size));
  t.x86_shared_cache_size = static_cast<uint64_t>(tunable_num(T::glibc_cpu_x86_shared_cache_size));
  t.x86_non_temporal_threshold = static_cast<uint64_t>(tunable_num(T::glibc_cpu_x86_non_temporal_threshold));
  t.x86_rep_movsb_threshold = static_cast<uint64_t>(tunable_num(T::glibc_cpu_x86_rep_movsb_threshold));
  t.x86_rep_stosb_threshold = static_cast<uint64_t>(tunable_num(T::glibc_cpu_x86_rep_stosb_threshold));
  t.at_minsigstksz = rt.startup.at_minsigstksz;
  compute_cpu_features(&g_cpu, t);
  use_avx2_name_hash(cpu_usable(&g_cpu, cpu::AVX2));
  // dl_init_cacheinfo's TUNABLE_SET_WITH_BOUNDS.
  struct {
    uint32_t id;
    const CpuFeatures::TunableSet& set;
  } sets[] = {{T::glibc_cpu_x86_data_cache_size, g_cpu.x86_data_cache_size},
              {T::glibc_cpu_x86_shared_cache_size, g_cpu.x86_shared_cache_size},
              {T::glibc_cpu_x86_non_temporal_threshold, g_cpu.x86_non_temporal_threshold},
              {T::glibc_cpu_x86_rep_movsb_threshold, g_cpu.x86_rep_movsb_threshold},
              {T::glibc_cpu_x86_rep_stosb_threshold, g_cpu.x86_rep_stosb_threshold}};
  for (auto& s : sets) {
    auto min = static_cast<int64_t>(s.set.min), max = static_cast<int64_t>(s.set.max);
    update_tunable(g_tunables[s.id], static_cast<int64_t>(s.set.value), &min, &max);
  }
}

// The tunables and cpu_features, once: the library search may need them
// before after_load (a glibc-hwcaps entry of the ldr cache).
[[gnu::section(".data")]] bool g_cpu_ready = false;  // in .data: read first at every start (see g_names, module/load.cc)
void ensure_cpu(Runtime& rt) {
  if (g_cpu_ready) return;
  init_tunable_table(rt);
  compute_cpu(rt);
  g_cpu_ready = true;
}

}  // namespace

void print_tunables(Runtime& rt) {
  ensure_cpu(rt);
  base::FdWriter w(1);
  for (size_t i = 0; i < T::kCount; ++i) {
    const Tunable& t = g_tunables[i];
    w.str(t.name).ch(':');
    switch (t.type) {
      case TunableType::kString:
        if (t.str != nullptr) w.ch(' ').str(t.str);
        break;
      case TunableType::kInt32:
        w.ch(' ').sdec(static_cast<int32_t>(t.num)).str(" (min: ").sdec(static_cast<int32_t>(t.min));
        w.str(", max: ").sdec(static_cast<int32_t>(t.max)).ch(')');
        break;
      case TunableType::kUint64:
      case TunableType::kSizeT:
        w.str(" 0x").hex(static_cast<uint64_t>(t.num)).str(" (min: 0x").hex(static_cast<uint64_t>(t.min));
        w.str(", max: 0x").hex(static_cast<uint64_t>(t.max)).ch(')');
        break;
    }
    w.nl();
  }
}

bool hwcaps_level_active(Runtime& rt, unsigned level) {
  ensure_cpu(rt);
  return level >= 2 && level <= 4 && (hwcaps_subdirs_active(g_cpu) >> (4 - level) & 1) != 0;
}

void print_diagnostics(Runtime& rt) {
  ensure_cpu(rt);
  base::FdWriter w(1);
  write_diagnostics(w, rt, g_cpu, g_cpu.dl_platform != nullptr ? g_cpu.dl_platform : rt.startup.at_platform);
}

namespace {

bool after_load(Runtime& rt, Diag& diag) {
  if (!check_build_ids(rt, diag)) return false;
  __libc_stack_end = rt.startup.stack;
  _dl_argv = rt.startup.argv;
  __libc_enable_secure = rt.startup.secure ? 1 : 0;
  ensure_cpu(rt);
  // Static TLS surplus (_dl_tls_static_surplus_init): room for later
  // initial-exec TLS, from glibc.rtld.nns and glibc.rtld.optional_static_tls.
  uint64_t nns = static_cast<uint64_t>(tunable_num(T::glibc_rtld_nns));
  if (nns > L::constants::DL_NNS) nns = L::constants::DL_NNS;
  uint64_t opt = static_cast<uint64_t>(tunable_num(T::glibc_rtld_optional_static_tls));
  constexpr uint64_t kIeTls = 144;  // LIBC_IE_TLS = OTHER_IE_TLS = LEGACY_TLS in 2.36
  rt.tls.surplus = (nns - 1) * kIeTls + nns * kIeTls + opt + kIeTls;
  rt.tls.optional = opt;
  return fill_link_maps(rt, diag) && fill_rtld_global_ro(rt, diag, g_cpu);
}

bool init_tcb(Runtime& rt, Diag& diag, unsigned char* tcb) {
  fill_rtld_global(rt);
  init_initial_thread(rt, tcb, tunable_num(T::glibc_pthread_rseq) != 0);
  fill_link_map_tls(rt);
  return fill_rtld_global_tls(rt, diag, tcb);
}

template <typename F>
F libc_function(const Module& libc, const char* name, const char* version) {
  VersionEntry v{version, elf::sysv_hash(version), false, nullptr};
  SymbolRef ref = make_symbol_ref(name, &v);
  const elf::Elf64_Sym* s = find_in_module(libc, ref);
  return s != nullptr ? reinterpret_cast<F>(libc.image.bias + s->st_value) : nullptr;
}

// What glibc's __rtld_malloc_init_real binds ld.so's allocator to: the
// definition the main program's scope gives for name@version, so an
// interposed malloc (a preloaded jemalloc, valgrind's) serves the loader too,
// as it serves the program: ld.so's allocations — DTVs, dynamic TLS blocks —
// are freed by libc with whatever free the program's scope has. The
// address, as glibc's DL_SYMBOL_ADDRESS (no IFUNC resolution). Member by
// member, as dlsym walks it: lookup_symbol keeps one caller (lookup.h).
template <typename F>
F scope_function(Runtime& rt, const char* name, const char* version) {
  VersionEntry v{version, elf::sysv_hash(version), false, nullptr};
  SymbolRef ref = make_symbol_ref(name, &v);
  Definition d;
  return find_in_list(rt.scope, rt.scope_count, ref, &d) ? reinterpret_cast<F>(symbol_address(d)) : nullptr;
}

bool before_init(Runtime& rt, Diag& diag) {
  mark_link_maps_relocated(rt);
  const Module* libc = find_loaded(rt, "libc.so.6");
  // Memory libc may free must now come from the program's malloc (__rtld_malloc_init_real).
  g_libc_allocator.malloc = scope_function<void* (*)(size_t)>(rt, "malloc", "GLIBC_2.2.5");
  g_libc_allocator.calloc = scope_function<void* (*)(size_t, size_t)>(rt, "calloc", "GLIBC_2.2.5");
  g_libc_allocator.realloc = scope_function<void* (*)(void*, size_t)>(rt, "realloc", "GLIBC_2.2.5");
  g_libc_allocator.free = scope_function<void (*)(void*)>(rt, "free", "GLIBC_2.2.5");
  if (g_libc_allocator.malloc != nullptr && g_libc_allocator.free != nullptr)
    tls::set_allocator(tls::Allocator{g_libc_allocator.malloc, g_libc_allocator.free});
  g_mutex_lock = libc_function<int (*)(void*)>(*libc, "pthread_mutex_lock", "GLIBC_2.2.5");
  g_mutex_unlock = libc_function<int (*)(void*)>(*libc, "pthread_mutex_unlock", "GLIBC_2.2.5");
  auto early_init = libc_function<void (*)(bool)>(*libc, "__libc_early_init", "GLIBC_PRIVATE");
  if (early_init == nullptr) {
    diag.fail(kOccasionLoad, libc->display_name(), {"libc.so.6 has no __libc_early_init"});
    return false;
  }
  early_init(true);
  // libc prints "initialize program:" and "transferring control:" itself
  // when DL_DEBUG_IMPCALLS is set (csu/libc-start.c).
  if (diag::tracing(diag::kTraceImpcalls)) {
    constexpr int kDlDebugImpcalls = 1 << 1;
    put<int>(_rtld_global_ro, L::rtld_global_ro::_dl_debug_mask, kDlDebugImpcalls);
  }
  return true;
}

bool after_open(Runtime& rt, Diag& diag, Module* const* added, uint32_t n) {
  // A libm.so.6 first opened at run time meets the start-up build-id policy.
  if (n > 0 && !check_build_ids(rt, diag)) return false;
  for (uint32_t i = 0; i < n; ++i)
    if (!fill_link_map(rt, diag, added[i])) return false;
  add_to_namespace(rt, added, n);
  return true;
}

bool after_open_relocated(Runtime& rt, Diag& diag, Module* const* added, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) mark_link_map_relocated(added[i]);
  fill_link_map_tls(rt);  // ids and static offsets the new objects got
  sync_tls_state(rt);
  // A libc of another namespace (dlmopen) starts as glibc's dl_open_worker
  // starts it: relocated, its TLS in place, before any initializer, told
  // it is not the first (no brk for its malloc, not single-threaded).
  for (uint32_t i = 0; i < n; ++i) {
    const Module* m = added[i];
    if (m->ns == 0 || !is_libc(*m)) continue;
    auto early_init = libc_function<void (*)(bool)>(*m, "__libc_early_init", "GLIBC_PRIVATE");
    if (early_init == nullptr) {
      diag.fail(kOccasionLoad, m->display_name(), {"libc.so.6 has no __libc_early_init"});
      return false;
    }
    early_init(false);
  }
  return true;
}

void lock_object_list(bool lock) {
  auto fn = lock ? g_mutex_lock : g_mutex_unlock;
  if (fn != nullptr) fn(ptr<unsigned char>(_rtld_global, L::rtld_global::_dl_load_write_lock__mutex));
}

// __cxa_thread_atexit_impl counts pending thread_local destructors of an
// object in l_tls_dtor_count; glibc's dlclose keeps it mapped while nonzero.
bool keeps_loaded(const Runtime&, const Module& m) {
  const auto* count = ptr<const uint64_t>(m.link_map, L::link_map::l_tls_dtor_count);
  return __atomic_load_n(count, __ATOMIC_ACQUIRE) != 0;
}

void after_close(Runtime& rt, Module* const* removed, uint32_t n) {
  remove_from_namespace(rt, removed, n);
  sync_tls_state(rt);
}

constexpr Personality kGlibc = {
    .name = "glibc",
    .link_map_size = L::link_map::kSize,
    .tcb_size = L::pthread::kSize,
    .tcb_align = L::pthread::kAlign,
    .runs_executable_init = false,  // libc's __libc_start_main runs them
    .after_load = after_load,
    .init_tcb = init_tcb,
    .before_init = before_init,
    .after_open = after_open,
    .after_open_relocated = after_open_relocated,
    .init_static_tls = init_static_tls,
    .make_stacks_executable = make_stacks_executable,
    .keeps_loaded = keeps_loaded,
    .after_close = after_close,
    .api_error = record_dlerror,
    .lock_object_list = lock_object_list,
};

}  // namespace

const Personality* glibc_personality(Runtime& rt) {
  const Module* libc = find_loaded(rt, "libc.so.6");
  return libc != nullptr && !libc->missing ? &kGlibc : nullptr;
}

}  // namespace ldr::glibc

extern "C" __attribute__((visibility("default"))) void __tunable_get_val(uint32_t id, void* valp,
                                                                         void (*callback)(void*)) {
  using namespace ldr::glibc;
  if (id >= T::kCount) return;
  const Tunable& t = g_tunables[id];
  if (read_tunable(t, valp) && callback != nullptr) {
    union {  // glibc's tunable_val_t
      int64_t numval;
      const char* strval;
    } val;
    if (t.type == TunableType::kString) val.strval = t.str;
    else val.numval = t.num;
    callback(&val);
  }
}
