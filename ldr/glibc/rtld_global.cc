// SPDX-License-Identifier: MIT
// _rtld_global and _rtld_global_ro: defined here with the sizes of this
// glibc build, filled as glibc 2.36's ld.so fills them (glibc-abi.md §3, §5).
#include "glibc/rtld_global.h"

#include "arch/x86_64/machine.h"
#include "base/mem.h"
#include "elf/hash.h"
#include "elf/types.h"
#include "glibc/cpu_features.h"
#include "glibc/hooks.h"
#include "glibc/layout.h"
#include "module/module.h"
#include "runtime.h"
#include "symbol/lookup.h"
#include "tls/dtv.h"

extern "C" {
// libc reads both by name (GLIBC_PRIVATE); _rtld_global_ro is made
// read-only with ldr's RELRO once start-up is done. _rtld_global sits in
// .data, as glibc's does: every start fills it, and in .bss its first page
// was read before being written (a zero-page fault, then a copy).
__attribute__((visibility("default"), aligned(64), section(".data"))) unsigned char _rtld_global[ldr::glibc::L::rtld_global::kSize];
__attribute__((visibility("default"), aligned(64), section(".data.rel.ro")))
unsigned char _rtld_global_ro[ldr::glibc::L::rtld_global_ro::kSize];
}

namespace ldr::glibc {

namespace {

namespace G = L::rtld_global;
namespace GRO = L::rtld_global_ro;

constexpr size_t kSlotinfoSurplus = 62;  // glibc's TLS_SLOTINFO_SURPLUS
constexpr int kMutexRecursive = 1;       // PTHREAD_MUTEX_RECURSIVE_NP

// An empty circular list_t at `f` of `record`.
void init_list(void* record, L::Field head, L::Field next, L::Field prev) {
  void* self = ptr<unsigned char>(record, head);
  put<void*>(record, next, self);
  put<void*>(record, prev, self);
}

// The search-path record _dl_init_all_dirs and _dl_all_dirs point at: its
// presence is what libc's rtld_active() tests.
alignas(8) unsigned char g_all_dirs[L::r_search_path_elem::kSize + 8];

// Looks a vDSO function up by name and version (glibc setup_vdso_pointers).
void* vdso_function(const Runtime& rt, const char* name) {
  if (rt.vdso == nullptr) return nullptr;
  VersionEntry linux26{"LINUX_2.6", elf::sysv_hash("LINUX_2.6"), false, nullptr};
  SymbolRef ref = make_symbol_ref(name, &linux26);
  const elf::Elf64_Sym* s = find_in_module(*rt.vdso, ref);
  return s != nullptr ? reinterpret_cast<void*>(rt.vdso->image.bias + s->st_value) : nullptr;
}

}  // namespace

// ldr's CpuFeatures begins with glibc's struct cpu_features in glibc's
// natural layout; the generated record must agree before bytes are copied.
static_assert(L::cpu_features::kSize == 480 && L::rtld_global_ro::_dl_x86_cpu_features.size == 480);
static_assert(L::cpu_features::features.offset == offsetof(CpuFeatures, features));
static_assert(L::cpu_features::preferred.offset == offsetof(CpuFeatures, preferred));
static_assert(L::cpu_features::isa_1.offset == offsetof(CpuFeatures, isa_1));
static_assert(L::cpu_features::xsave_state_size.offset == offsetof(CpuFeatures, xsave_state_size));
static_assert(L::cpu_features::data_cache_size.offset == offsetof(CpuFeatures, data_cache_size));
static_assert(L::cpu_features::rep_stosb_threshold.offset == offsetof(CpuFeatures, rep_stosb_threshold));
static_assert(L::cpu_features::level1_icache_size.offset == offsetof(CpuFeatures, level1_icache_size));
static_assert(L::cpu_features::level4_cache_size.offset == offsetof(CpuFeatures, level4_cache_size));

bool fill_rtld_global_ro(Runtime& rt, Diag& diag, const CpuFeatures& cpu) {
  void* ro = _rtld_global_ro;
  const StartupInfo& s = rt.startup;
  const char* platform = cpu.dl_platform != nullptr ? cpu.dl_platform : s.at_platform;
  put<const char*>(ro, GRO::_dl_platform, platform);
  put<uint64_t>(ro, GRO::_dl_platformlen, platform != nullptr ? base::str_len(platform) : 0);
  put<uint64_t>(ro, GRO::_dl_pagesize, s.page_size);
  put<uint64_t>(ro, GRO::_dl_minsigstacksize, cpu.dl_minsigstacksize);
  put<int>(ro, GRO::_dl_clktck, static_cast<int>(s.at_clktck));
  put<int>(ro, GRO::_dl_lazy, 0);
  put<uint16_t>(ro, GRO::_dl_fpu_control, s.at_fpucw != 0 ? static_cast<uint16_t>(s.at_fpucw) : 0x37f);
  put<uint64_t>(ro, GRO::_dl_hwcap, cpu.dl_hwcap);
  put<uint64_t>(ro, GRO::_dl_hwcap2, s.at_hwcap2);
  put<const void*>(ro, GRO::_dl_auxv, s.auxv);
  base::copy_bytes(ptr<unsigned char>(ro, GRO::_dl_x86_cpu_features), &cpu, L::cpu_features::kSize);
  put<uint32_t>(_rtld_global, G::_dl_x86_feature_1, cpu.dl_x86_feature_1);
  base::copy_bytes(ptr<char>(ro, GRO::_dl_x86_hwcap_flags), kX86HwcapFlags, sizeof kX86HwcapFlags);
  base::copy_bytes(ptr<char>(ro, GRO::_dl_x86_platforms), kX86Platforms, sizeof kX86Platforms);
  put<const void*>(ro, GRO::_dl_init_all_dirs, g_all_dirs);
  put<const void*>(_rtld_global, G::_dl_all_dirs, g_all_dirs);
  put<const void*>(ro, GRO::_dl_sysinfo_dso, reinterpret_cast<const void*>(s.at_sysinfo_ehdr));
  put<void*>(ro, GRO::_dl_vdso_clock_gettime64, vdso_function(rt, "__vdso_clock_gettime"));
  put<void*>(ro, GRO::_dl_vdso_gettimeofday, vdso_function(rt, "__vdso_gettimeofday"));
  put<void*>(ro, GRO::_dl_vdso_time, vdso_function(rt, "__vdso_time"));
  put<void*>(ro, GRO::_dl_vdso_getcpu, vdso_function(rt, "__vdso_getcpu"));
  put<void*>(ro, GRO::_dl_vdso_clock_getres_time64, vdso_function(rt, "__vdso_clock_getres"));
  put<int>(ro, GRO::_dl_dso_sort_algo, L::enums::dso_sort_algorithm_dfs);  // dynamic_sort=2
  install_function_pointers(ro);
  (void)diag;
  return true;
}

namespace {

// _dl_ns[k] of every namespace from the load list: its first link map, how
// many it holds, its libc, and _dl_nns past the highest ever used (what
// dl_iterate_phdr walks, from the caller's namespace). Returns how many
// objects are loaded in all.
uint32_t publish_namespaces(Runtime& rt) {
  void* g = _rtld_global;
  void* first[Runtime::kNamespaces] = {};
  uint32_t count[Runtime::kNamespaces] = {};
  void* libc[Runtime::kNamespaces] = {};
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->missing) continue;
    if (first[m->ns] == nullptr) first[m->ns] = m->link_map;
    ++count[m->ns];
    if (is_libc(*m)) libc[m->ns] = m->link_map;
  }
  uint64_t nns = get<uint64_t>(g, G::_dl_nns);  // glibc's only grows
  uint32_t total = 0;
  for (uint32_t k = 0; k < Runtime::kNamespaces; ++k) {
    auto* ns = static_cast<unsigned char*>(g) + L::element_offset(G::_dl_ns, k);
    put<void*>(ns, L::link_namespaces::_ns_loaded, first[k]);
    put<uint32_t>(ns, L::link_namespaces::_ns_nloaded, count[k]);
    put<void*>(ns, L::link_namespaces::libc_map, libc[k]);
    if (count[k] != 0 && nns < k + 1) nns = k + 1;
    total += count[k];
  }
  put<uint64_t>(g, G::_dl_nns, nns);
  return total;
}

}  // namespace

bool is_libc(const Module& m) { return m.soname() != nullptr && base::str_eq(m.soname(), "libc.so.6"); }

void fill_rtld_global(Runtime& rt) {
  void* g = _rtld_global;
  put<uint64_t>(g, G::_dl_load_adds, publish_namespaces(rt));
  for (L::Field kind : {G::_dl_load_lock__mutex____data____kind, G::_dl_load_write_lock__mutex____data____kind,
                        G::_dl_load_tls_lock__mutex____data____kind})
    put<int>(g, kind, kMutexRecursive);
  put<uint32_t>(g, G::_dl_stack_flags, rt.main->stack_flags | (rt.stack_executable ? elf::PF_X : 0));
  init_list(g, G::_dl_stack_used, G::_dl_stack_used__next, G::_dl_stack_used__prev);
  init_list(g, G::_dl_stack_user, G::_dl_stack_user__next, G::_dl_stack_user__prev);
  init_list(g, G::_dl_stack_cache, G::_dl_stack_cache__next, G::_dl_stack_cache__prev);
  // The main search list: every object of the global scope.
  auto** list = rt.arena.make_array<void*>(rt.scope_count);
  for (uint32_t i = 0; list != nullptr && i < rt.scope_count; ++i) list[i] = rt.scope[i]->link_map;
  void* main_map = rt.main->link_map;
  put<void*>(main_map, L::link_map::l_searchlist__r_list, list);
  put<uint32_t>(main_map, L::link_map::l_searchlist__r_nlist, list != nullptr ? rt.scope_count : 0);
  void* searchlist = ptr<unsigned char>(main_map, L::link_map::l_searchlist);
  put<void*>(g, G::_dl_ns__0___ns_main_searchlist, searchlist);
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->missing) continue;
    // l_scope: a null-terminated array whose first entry is the global scope.
    auto** scope = rt.arena.make_array<void*>(2);
    if (scope != nullptr) scope[0] = searchlist;
    put<void*>(m->link_map, L::link_map::l_scope, scope);
    put<void*>(m->link_map, L::link_map::l_local_scope,
               ptr<unsigned char>(m->link_map, L::link_map::l_searchlist));
  }
}


void add_to_namespace(Runtime& rt, Module* const* added, uint32_t n) {
  void* g = _rtld_global;
  void* searchlist = ptr<unsigned char>(rt.main->link_map, L::link_map::l_searchlist);
  for (uint32_t i = 0; i < n; ++i) {
    Module* m = added[i];
    auto** scope = rt.arena.make_array<void*>(2);
    if (scope != nullptr) scope[0] = searchlist;
    put<void*>(m->link_map, L::link_map::l_scope, scope);
    put<void*>(m->link_map, L::link_map::l_local_scope,
               ptr<unsigned char>(m->link_map, L::link_map::l_searchlist));
  }
  // _ns_nloaded is what the list holds now (a failed dlopen calls this with
  // n == 0 after removing its objects); _dl_load_adds only grows.
  publish_namespaces(rt);
  put<uint64_t>(g, G::_dl_load_adds, get<uint64_t>(g, G::_dl_load_adds) + n);
}

void remove_from_namespace(Runtime& rt, Module* const* removed, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    void* lm = removed[i]->link_map;
    if (lm == nullptr) continue;  // a failed dlopen removed it before publishing
    L::store_bits(lm, L::link_map::l_removed, 1);
    rt.arena.release(get<void*>(lm, L::link_map::l_scope), 2 * sizeof(void*));
    rt.arena.release(get<void*>(lm, L::link_map::l_libname), L::libname_list::kSize);
    put<void*>(lm, L::link_map::l_scope, nullptr);
    put<void*>(lm, L::link_map::l_libname, nullptr);
  }
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->missing) continue;
    put<void*>(m->link_map, L::link_map::l_loader, m->loader != nullptr ? m->loader->link_map : nullptr);
  }
  // dl_iterate_phdr reports dlpi_subs as _dl_load_adds - _ns_nloaded.
  publish_namespaces(rt);
}

bool fill_rtld_global_tls(Runtime& rt, Diag& diag, unsigned char* tcb) {
  void* g = _rtld_global;
  void* ro = _rtld_global_ro;
  const TlsState& t = rt.tls;
  put<uint64_t>(ro, GRO::_dl_tls_static_size, t.static_size);
  put<uint64_t>(ro, GRO::_dl_tls_static_align, t.static_align);
  put<uint64_t>(ro, GRO::_dl_tls_static_surplus, t.surplus);
  put<uint64_t>(g, G::_dl_tls_max_dtv_idx, t.max_module_id);
  put<uint64_t>(g, G::_dl_tls_static_nelem, t.max_module_id);
  put<uint64_t>(g, G::_dl_tls_static_used, t.static_used);
  put<uint64_t>(g, G::_dl_tls_static_optional, rt.tls.optional);
  put<uint64_t>(g, G::_dl_tls_generation, t.generation);
  void* dtv = get<void*>(tcb, L::pthread::header__dtv);
  put<void*>(g, G::_dl_initial_dtv, dtv);
  // The slot-info list: one entry per module id, with room to grow.
  size_t len = t.max_module_id + 1 + kSlotinfoSurplus;
  auto* list = static_cast<unsigned char*>(
      rt.arena.allocate(L::dtv_slotinfo_list::kSize + len * L::dtv_slotinfo::kSize, 16));
  if (list == nullptr) {
    diag.fail(kOccasionLoad, nullptr, {"cannot allocate TLS data structures for initial thread"});
    return false;
  }
  put<uint64_t>(list, L::dtv_slotinfo_list::len, len);
  unsigned char* slots = ptr<unsigned char>(list, L::dtv_slotinfo_list::slotinfo);
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->missing || m->tls.module_id == 0) continue;
    unsigned char* slot = slots + m->tls.module_id * L::dtv_slotinfo::kSize;
    put<uint64_t>(slot, L::dtv_slotinfo::gen, 0);
    put<void*>(slot, L::dtv_slotinfo::map, m->link_map);
  }
  put<void*>(g, G::_dl_tls_dtv_slotinfo_list, list);
  // The initial thread is a "user" stack: its list entry joins _dl_stack_user.
  void* head = ptr<unsigned char>(g, G::_dl_stack_user);
  void* entry = ptr<unsigned char>(tcb, L::pthread::list);
  put<void*>(tcb, L::pthread::list__next, head);
  put<void*>(tcb, L::pthread::list__prev, head);
  put<void*>(g, G::_dl_stack_user__next, entry);
  put<void*>(g, G::_dl_stack_user__prev, entry);
  return true;
}

}  // namespace ldr::glibc
