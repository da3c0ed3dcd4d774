// SPDX-License-Identifier: MIT
// Small exports of glibc's ld.so ABI: data objects, and functions libc binds
// to that ldr answers trivially (auditing is not supported: ldr reports no
// audit modules, so libc never calls the audit entry points with work to do).
#include "glibc/exports.h"

#include <cstddef>

#include "base/sys.h"
#include "glibc/layout.h"
#include "glibc/rtld_global.h"

extern "C" {

__attribute__((visibility("default"))) void* __libc_stack_end;
__attribute__((visibility("default"))) char** _dl_argv;
__attribute__((visibility("default"))) int __libc_enable_secure;
__attribute__((visibility("default"))) bool __nptl_initial_report_events;
// Written once during start-up, then read-only with ldr's RELRO.
__attribute__((visibility("default"), section(".data.rel.ro"))) unsigned int __rseq_size;
__attribute__((visibility("default"), section(".data.rel.ro"))) long __rseq_offset;
__attribute__((visibility("default"), section(".data.rel.ro"))) unsigned int __rseq_flags;

__attribute__((visibility("default"))) void _dl_mcount(uintptr_t, uintptr_t) {}

// Exists so the GLIBC_2.34 version node has a member (glibc does the same).
// (The symver attribute, not a .symver directive: link-time optimization
// keeps the attribute.)
__attribute__((visibility("default"), symver("__rtld_version_placeholder@GLIBC_2.34"))) void
ldr_rtld_version_placeholder() {}

__attribute__((visibility("default"))) void _dl_audit_preinit(void*) {}
__attribute__((visibility("default"))) void _dl_audit_symbind_alt(void*, const void*, void**, void*) {}

__attribute__((visibility("default"))) const void* _dl_x86_get_cpu_features(unsigned int) {
  return _rtld_global_ro + ldr::glibc::L::rtld_global_ro::_dl_x86_cpu_features.offset;
}

// Makes a thread stack executable (allocate_stack, when _dl_stack_flags has PF_X).
__attribute__((visibility("default"))) int __nptl_change_stack_perm(void* pd) {
  namespace P = ldr::glibc::L::pthread;
  auto* stack = ldr::glibc::get<unsigned char*>(pd, P::stackblock);
  uint64_t guard = ldr::glibc::get<uint64_t>(pd, P::guardsize);
  uint64_t size = ldr::glibc::get<uint64_t>(pd, P::stackblock_size);
  long r = ldr::base::sys_mprotect(stack + guard, size - guard,
                                   ldr::base::kProtRead | ldr::base::kProtWrite | ldr::base::kProtExec);
  return ldr::base::sys_failed(r) ? static_cast<int>(-r) : 0;
}

}  // extern "C"

namespace ldr::glibc {

void set_rseq_exports(unsigned int size, int64_t offset) {
  __rseq_size = size;
  __rseq_offset = offset;
  __rseq_flags = 0;
}

}  // namespace ldr::glibc
