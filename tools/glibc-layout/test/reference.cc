// SPDX-License-Identifier: MIT
// Test: generated layouts vs the values recorded in shared/reference/glibc-abi.md
// (§3-§8, §10) for Debian GLIBC 2.36-9+deb12u14. Skips (77) on another build.
// Also checks the bit-field helpers on a byte buffer.
#include <cstdio>
#include <cstring>

#include "glibc_layout.h"

namespace L = ldr::glibc::layout;

static int failures = 0;
static int checks = 0;

static void check(const char* what, unsigned long long got, unsigned long long want) {
  ++checks;
  if (got != want) {
    std::printf("FAIL %s: got %llu (0x%llx), want %llu (0x%llx)\n", what, got, got, want, want);
    ++failures;
  }
}

#define EQ(expr, want) check(#expr, static_cast<unsigned long long>(expr), static_cast<unsigned long long>(want))
#define OFF(ns, m, want) EQ(L::ns::m.offset, want)
#define BIT(m, bit) (EQ(L::link_map::m.offset, 820), EQ(L::link_map::m.size, 4), EQ(L::link_map::m.bit_offset, bit))

static void sizes() {
  EQ(L::rtld_global::kSize, 4336);
  EQ(L::rtld_global_ro::kSize, 896);
  EQ(L::link_map::kSize, 1192);
  EQ(L::pthread::kSize, 2368);
  EQ(L::pthread::kAlign, 64);
  EQ(L::tcbhead_t::kSize, 704);
  EQ(L::cpu_features::kSize, 480);
  EQ(L::link_namespaces::kSize, 160);
  EQ(L::r_debug_extended::kSize, 48);
  EQ(L::dtv_slotinfo::kSize, 16);
  EQ(L::constants::DL_NNS, 16);
  EQ(L::constants::TLS_TCB_SIZE, 2368);
  EQ(L::constants::kLinkMapInfoCount, 80);
}

static void rtld_global_ro() {  // glibc-abi.md §3, §4
  OFF(rtld_global_ro, _dl_minsigstacksize, 32);
  OFF(rtld_global_ro, _dl_initial_searchlist, 48);
  OFF(rtld_global_ro, _dl_clktck, 64);
  OFF(rtld_global_ro, _dl_fpu_control, 88);
  EQ(L::rtld_global_ro::_dl_fpu_control.size, 2);
  OFF(rtld_global_ro, _dl_hwcap, 96);
  OFF(rtld_global_ro, _dl_auxv, 104);
  OFF(rtld_global_ro, _dl_x86_cpu_features, 112);
  EQ(L::rtld_global_ro::_dl_x86_cpu_features.size, 480);
  OFF(rtld_global_ro, _dl_x86_hwcap_flags, 592);
  EQ(L::rtld_global_ro::_dl_x86_hwcap_flags.size, 27);
  OFF(rtld_global_ro, _dl_x86_platforms, 619);
  OFF(rtld_global_ro, _dl_tls_static_size, 0x2a0);
  OFF(rtld_global_ro, _dl_tls_static_align, 680);
  OFF(rtld_global_ro, _dl_tls_static_surplus, 688);
  OFF(rtld_global_ro, _dl_init_all_dirs, 712);
  OFF(rtld_global_ro, _dl_sysinfo_map, 728);
  OFF(rtld_global_ro, _dl_vdso_clock_gettime64, 736);
  OFF(rtld_global_ro, _dl_vdso_clock_getres_time64, 768);
  OFF(rtld_global_ro, _dl_hwcap2, 776);
  OFF(rtld_global_ro, _dl_debug_printf, 792);
  OFF(rtld_global_ro, _dl_lookup_symbol_x, 808);
  OFF(rtld_global_ro, _dl_tls_get_addr_soft, 848);
  OFF(rtld_global_ro, _dl_libc_freeres, 856);
  OFF(rtld_global_ro, _dl_find_object, 864);
  OFF(rtld_global_ro, _dl_dlfcn_hook, 872);
  OFF(rtld_global_ro, _dl_audit, 880);
  OFF(rtld_global_ro, _dl_naudit, 888);
  // §4.1: features[CPUID_INDEX_1].active.ecx is _rtld_global_ro + 0x9c.
  OFF(rtld_global_ro, _dl_x86_cpu_features__features__0__active__ecx, 0x9c);
  OFF(cpu_features, features, 20);
  EQ(L::cpu_features::features.count, 9);
  EQ(L::cpu_features::features.elem_size, 32);
  OFF(cpu_features, preferred, 308);
  OFF(cpu_features, isa_1, 312);
  OFF(cpu_features, xsave_state_size, 320);
  OFF(cpu_features, xsave_state_full_size, 328);
  OFF(cpu_features, data_cache_size, 336);
  OFF(cpu_features, rep_stosb_threshold, 376);
  OFF(cpu_features, level1_icache_size, 384);
  OFF(cpu_features, level4_cache_size, 472);
  EQ(L::enums::CPUID_INDEX_1, 0);
  EQ(L::enums::CPUID_INDEX_14_ECX_0, 8);
  EQ(L::enums::arch_kind_intel, 1);
}

static void rtld_global() {  // §5
  EQ(L::rtld_global::_dl_ns.count, 16);
  EQ(L::rtld_global::_dl_ns.elem_size, 160);
  OFF(rtld_global, _dl_nns, 2560);
  OFF(rtld_global, _dl_load_lock, 2568);
  EQ(L::rtld_global::_dl_load_lock.size, 40);
  OFF(rtld_global, _dl_load_lock__mutex____data____kind, 2568 + 16);
  OFF(rtld_global, _dl_load_write_lock, 2608);
  OFF(rtld_global, _dl_load_tls_lock, 2648);
  OFF(rtld_global, _dl_load_adds, 2688);
  OFF(rtld_global, _dl_initfirst, 2696);
  OFF(rtld_global, _dl_profile_map, 2704);
  OFF(rtld_global, _dl_num_relocations, 2712);
  OFF(rtld_global, _dl_num_cache_relocations, 2720);
  OFF(rtld_global, _dl_all_dirs, 2728);
  OFF(rtld_global, _dl_rtld_map, 2736);
  EQ(L::rtld_global::_dl_rtld_map.size, 1192);
  OFF(rtld_global, _dl_rtld_auditstate, 3928);
  EQ(L::rtld_global::_dl_rtld_auditstate.size, 256);
  OFF(rtld_global, _dl_x86_feature_1, 4184);
  OFF(rtld_global, _dl_x86_feature_control, 4188);
  OFF(rtld_global, _dl_stack_flags, 4192);
  OFF(rtld_global, _dl_tls_dtv_gaps, 4196);
  OFF(rtld_global, _dl_tls_max_dtv_idx, 4200);
  OFF(rtld_global, _dl_tls_dtv_slotinfo_list, 4208);
  OFF(rtld_global, _dl_tls_static_nelem, 4216);
  OFF(rtld_global, _dl_tls_static_used, 4224);
  OFF(rtld_global, _dl_tls_static_optional, 4232);
  OFF(rtld_global, _dl_initial_dtv, 4240);
  OFF(rtld_global, _dl_tls_generation, 4248);
  OFF(rtld_global, _dl_scope_free_list, 4256);
  OFF(rtld_global, _dl_stack_used, 4264);
  OFF(rtld_global, _dl_stack_user, 4280);
  OFF(rtld_global, _dl_stack_cache, 4296);
  OFF(rtld_global, _dl_stack_cache_actsize, 4312);
  OFF(rtld_global, _dl_in_flight_stack, 4320);
  OFF(rtld_global, _dl_stack_cache_lock, 4328);
  OFF(link_namespaces, _ns_loaded, 0);
  OFF(link_namespaces, _ns_nloaded, 8);
  OFF(link_namespaces, _ns_main_searchlist, 16);
  OFF(link_namespaces, _ns_global_scope_alloc, 24);
  OFF(link_namespaces, _ns_global_scope_pending_adds, 28);
  OFF(link_namespaces, libc_map, 32);
  OFF(link_namespaces, _ns_unique_sym_table, 40);
  EQ(L::link_namespaces::_ns_unique_sym_table.size, 72);
  OFF(link_namespaces, _ns_debug, 112);
  EQ(L::element_offset(L::rtld_global::_dl_ns, 3) + L::link_namespaces::_ns_nloaded.offset, 3 * 160 + 8);
  OFF(rtld_global, _dl_ns__0___ns_debug, 112);
  EQ(L::enums::RT_CONSISTENT, 0);
  EQ(L::enums::RT_ADD, 1);
}

static void link_map() {  // §6.1, §17
  OFF(link_map, l_addr, 0);
  OFF(link_map, l_name, 8);
  OFF(link_map, l_ld, 16);
  OFF(link_map, l_next, 24);
  OFF(link_map, l_prev, 32);
  OFF(link_map, l_real, 40);
  OFF(link_map, l_ns, 48);
  OFF(link_map, l_libname, 56);
  OFF(link_map, l_info, 64);
  OFF(link_map, l_phdr, 704);
  OFF(link_map, l_entry, 712);
  OFF(link_map, l_phnum, 720);
  EQ(L::link_map::l_phnum.size, 2);
  OFF(link_map, l_loader, 760);
  OFF(link_map, l_nbuckets, 780);
  OFF(link_map, l_gnu_bitmask_idxbits, 784);
  OFF(link_map, l_gnu_shift, 788);
  OFF(link_map, l_gnu_bitmask, 792);
  OFF(link_map, l_gnu_buckets, 800);
  OFF(link_map, l_chain, 800);
  OFF(link_map, l_gnu_chain_zero, 808);
  OFF(link_map, l_buckets, 808);
  BIT(l_type, 0);
  EQ(L::link_map::l_type.bit_size, 2);
  BIT(l_dt_relr_ref, 2);
  BIT(l_relocated, 3);
  BIT(l_init_called, 4);
  BIT(l_global, 5);
  BIT(l_main_map, 8);
  BIT(l_contiguous, 19);
  BIT(l_ld_readonly, 21);
  EQ(L::link_map::l_relocated.bit_size, 1);
  OFF(link_map, l_versyms, 864);
  OFF(link_map, l_origin, 872);
  OFF(link_map, l_map_start, 880);
  OFF(link_map, l_map_end, 888);
  OFF(link_map, l_scope, 944);
  OFF(link_map, l_local_scope, 952);
  EQ(L::link_map::l_local_scope.count, 2);
  OFF(link_map, l_initfini, 1000);
  OFF(link_map, l_init_called_next, 1008);
  OFF(link_map, l_flags_1, 1036);
  OFF(link_map, l_tls_initimage, 1104);
  OFF(link_map, l_tls_initimage_size, 1112);
  OFF(link_map, l_tls_blocksize, 1120);
  OFF(link_map, l_tls_align, 1128);
  OFF(link_map, l_tls_firstbyte_offset, 1136);
  OFF(link_map, l_tls_offset, 1144);
  OFF(link_map, l_tls_modid, 1152);
  OFF(link_map, l_tls_dtor_count, 1160);
  OFF(link_map, l_relro_addr, 1168);
  OFF(link_map, l_relro_size, 1176);
  EQ(L::enums::lt_executable, 0);
  EQ(L::enums::lt_library, 1);
  EQ(L::enums::lt_loaded, 2);
  EQ(L::link_map::kViewsAgree, true);
}

static void tcb() {  // §7.1, §8.3
  OFF(pthread, header__tcb, 0);
  OFF(pthread, header__dtv, 8);
  OFF(pthread, header__self, 0x10);
  OFF(pthread, header__multiple_threads, 0x18);
  OFF(pthread, header__gscope_flag, 0x1c);
  OFF(pthread, header__sysinfo, 0x20);
  OFF(pthread, header__stack_guard, 0x28);
  OFF(pthread, header__pointer_guard, 0x30);
  OFF(pthread, header__unused_vgetcpu_cache, 0x38);
  OFF(pthread, header__feature_1, 0x48);
  OFF(pthread, header____private_tm, 0x50);
  OFF(pthread, header____private_ss, 0x70);
  OFF(pthread, header__ssp_base, 0x78);
  OFF(tcbhead_t, pointer_guard, 0x30);
  OFF(pthread, list, 704);
  OFF(pthread, tid, 720);
  OFF(pthread, robust_prev, 728);
  OFF(pthread, robust_head, 736);
  EQ(L::pthread::robust_head.size, 24);
  OFF(pthread, specific_1stblock, 784);
  OFF(pthread, specific, 1296);
  OFF(pthread, report_events, 1553);
  OFF(pthread, user_stack, 1554);
  OFF(pthread, stackblock_size, 1688);
  OFF(pthread, rseq_area, 2336);
  EQ(L::pthread::rseq_area.size, 32);
  OFF(pthread, rseq_area__cpu_id, 2340);
  EQ(L::robust_list_head::kSize, 24);
  OFF(dtv_slotinfo_list, len, 0);
  OFF(dtv_slotinfo_list, next, 8);
  OFF(dtv_slotinfo_list, slotinfo, 16);
  EQ(L::dtv_slotinfo_list::slotinfo.count, 0);  // flexible array member
  EQ(L::dtv_slotinfo_list::slotinfo.elem_size, 16);
  OFF(dtv_slotinfo, gen, 0);
  OFF(dtv_slotinfo, map, 8);
  EQ(L::list_t::kSize, 16);
}

static void tunables() {  // §10.2
  static const char* const order[] = {
      "glibc.rtld.nns", "glibc.elision.skip_lock_after_retries", "glibc.malloc.trim_threshold",
      "glibc.malloc.perturb", "glibc.cpu.x86_shared_cache_size", "glibc.pthread.rseq", "glibc.mem.tagging",
      "glibc.elision.tries", "glibc.elision.enable", "glibc.malloc.hugetlb",
      "glibc.cpu.x86_rep_movsb_threshold", "glibc.malloc.mxfast", "glibc.rtld.dynamic_sort",
      "glibc.elision.skip_lock_busy", "glibc.malloc.top_pad", "glibc.cpu.x86_rep_stosb_threshold",
      "glibc.cpu.x86_non_temporal_threshold", "glibc.cpu.x86_shstk", "glibc.pthread.stack_cache_size",
      "glibc.gmon.minarcs", "glibc.cpu.hwcap_mask", "glibc.malloc.mmap_max",
      "glibc.elision.skip_trylock_internal_abort", "glibc.malloc.tcache_unsorted_limit", "glibc.cpu.x86_ibt",
      "glibc.cpu.hwcaps", "glibc.elision.skip_lock_internal_abort", "glibc.malloc.arena_max",
      "glibc.malloc.mmap_threshold", "glibc.cpu.x86_data_cache_size", "glibc.malloc.tcache_count",
      "glibc.malloc.arena_test", "glibc.pthread.mutex_spin_count", "glibc.gmon.maxarcs",
      "glibc.rtld.optional_static_tls", "glibc.malloc.tcache_max", "glibc.malloc.check"};
  EQ(L::tunables::kCount, 37);
  for (std::size_t i = 0; i < 37 && i < L::tunables::kCount; ++i) {
    ++checks;
    if (std::strcmp(order[i], L::tunables::kList[i].name) != 0) {
      std::printf("FAIL tunable %zu: %s, want %s\n", i, L::tunables::kList[i].name, order[i]);
      ++failures;
    }
  }
  using namespace L::tunables;
  EQ(kList[glibc_rtld_nns].default_value, 4);
  EQ(kList[glibc_rtld_nns].min, 1);
  EQ(kList[glibc_rtld_nns].max, 16);
  EQ(kList[glibc_malloc_perturb].max, 255);
  EQ(kList[glibc_pthread_rseq].default_value, 1);
  EQ(kList[glibc_rtld_dynamic_sort].default_value, 2);
  EQ(kList[glibc_pthread_mutex_spin_count].default_value, 100);
  EQ(kList[glibc_pthread_mutex_spin_count].max, 32767);
  EQ(kList[glibc_rtld_optional_static_tls].default_value, 0x200);
  EQ(kList[glibc_pthread_stack_cache_size].default_value, 0x2800000);
  EQ(kList[glibc_gmon_minarcs].default_value, 50);
  EQ(kList[glibc_gmon_maxarcs].default_value, 1048576);
  EQ(kList[glibc_cpu_hwcap_mask].default_value, 6);
  EQ(kList[glibc_malloc_check].max, 3);
  EQ(kList[glibc_cpu_x86_rep_stosb_threshold].default_value, 0x800);
  EQ(kList[glibc_cpu_x86_shstk].type_code, L::enums::TUNABLE_TYPE_STRING);
  EQ(kList[glibc_rtld_nns].type_code, L::enums::TUNABLE_TYPE_SIZE_T);
  EQ(kList[glibc_cpu_hwcap_mask].type_code, L::enums::TUNABLE_TYPE_UINT_64);
  EQ(kList[glibc_malloc_check].type_code, L::enums::TUNABLE_TYPE_INT_32);
  static const char* const aliases[][2] = {
      {"glibc.malloc.check", "MALLOC_CHECK_"}, {"glibc.malloc.top_pad", "MALLOC_TOP_PAD_"},
      {"glibc.malloc.perturb", "MALLOC_PERTURB_"}, {"glibc.malloc.mmap_threshold", "MALLOC_MMAP_THRESHOLD_"},
      {"glibc.malloc.trim_threshold", "MALLOC_TRIM_THRESHOLD_"}, {"glibc.malloc.mmap_max", "MALLOC_MMAP_MAX_"},
      {"glibc.malloc.arena_max", "MALLOC_ARENA_MAX"}, {"glibc.malloc.arena_test", "MALLOC_ARENA_TEST"},
      {"glibc.cpu.hwcap_mask", "LD_HWCAP_MASK"}};
  int with_alias = 0;
  for (const auto& t : kList) {
    if (t.env_alias[0] == '\0') continue;
    ++with_alias;
    bool ok = false;
    for (const auto& a : aliases) ok = ok || (std::strcmp(a[0], t.name) == 0 && std::strcmp(a[1], t.env_alias) == 0);
    ++checks;
    if (!ok) {
      std::printf("FAIL env alias %s=%s not in glibc-abi.md §10.3\n", t.name, t.env_alias);
      ++failures;
    }
  }
  EQ(with_alias, 9);
}

static void bit_helpers() {
  unsigned char map[L::link_map::kSize];
  std::memset(map, 0xa5, sizeof map);
  L::store_bits(map, L::link_map::l_type, static_cast<unsigned>(L::enums::lt_loaded));
  L::store_bits(map, L::link_map::l_relocated, 0);
  L::store_bits(map, L::link_map::l_ld_readonly, 1);
  EQ(map[820], (0xa5 & ~0x0b) | 0x02);  // bits 0-1 = 2, bit 3 = 0
  EQ(map[822], 0xa5 | 0x20);            // bit 21 = byte 822 bit 5
  EQ(map[819], 0xa5);
  EQ(map[821], 0xa5);
  EQ(map[823], 0xa5);
  EQ(L::load_bits(map, L::link_map::l_type), L::enums::lt_loaded);
  EQ(L::load_bits(map, L::link_map::l_ld_readonly), 1);
  EQ(L::load_bits(map, L::link_map::l_relocated), 0);
}

int main() {
  // Build-id and hex spelling agree.
  for (std::size_t i = 0; i < L::libc::kBuildIdSize; ++i) {
    unsigned v = 0;
    std::sscanf(L::libc::kBuildIdHex + 2 * i, "%2x", &v);
    EQ(v, L::libc::kBuildId[i]);
  }
  bit_helpers();
  if (std::strcmp(L::kGlibcPackage, "Debian GLIBC 2.36-9+deb12u14") != 0) {
    std::printf("SKIP: glibc-abi.md records Debian GLIBC 2.36-9+deb12u14, this is %s\n", L::kGlibcPackage);
    return failures ? 1 : 77;
  }
  sizes();
  rtld_global_ro();
  rtld_global();
  link_map();
  tcb();
  tunables();
  std::printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
