// SPDX-License-Identifier: MIT
// The TLS entry points libc's nptl calls for threads it creates
// (glibc-abi.md §7.3, §8): _dl_get_tls_static_info, _dl_allocate_tls,
// _dl_allocate_tls_init, _dl_deallocate_tls, over tls/dynamic.cc. DTVs and
// dynamic blocks come from the program's malloc once libc is up (the one its
// scope defines, as glibc's), since libc's threads free them here.
#include "api/error.h"
#include "base/mem.h"
#include "glibc/dlfcn_hook.h"
#include "glibc/layout.h"
#include "glibc/libc_malloc.h"
#include "glibc/rtld_global.h"
#include "module/module.h"
#include "runtime.h"
#include "tls/dynamic.h"

namespace {

ldr::tls::DtvEntry* dtv_of(void* tcb) {
  return ldr::glibc::get<ldr::tls::DtvEntry*>(tcb, ldr::glibc::L::pthread::header__dtv);
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) void _dl_get_tls_static_info(size_t* size, size_t* align) {
  *size = ldr::runtime().tls.static_size;
  *align = ldr::runtime().tls.static_align;
}

// A thread's DTV (new, or the one its reused stack had) made current: static
// blocks initialised, dynamic ones left to __tls_get_addr.
__attribute__((visibility("default"))) void* _dl_allocate_tls_init(void* tcb, bool) {
  if (tcb == nullptr) return nullptr;
  ldr::tls::DtvEntry* dtv =
      ldr::tls::prepare_dtv(ldr::runtime(), dtv_of(tcb), reinterpret_cast<uintptr_t>(tcb));
  if (dtv == nullptr) return nullptr;
  ldr::glibc::put<ldr::tls::DtvEntry*>(tcb, ldr::glibc::L::pthread::header__dtv, dtv);
  // A thread that ran on this TCB before may have left errors pending.
  ldr::glibc::forget_dlerror(reinterpret_cast<uintptr_t>(tcb));
  ldr::api::forget_error(reinterpret_cast<uintptr_t>(tcb));
  return tcb;
}

__attribute__((visibility("default"))) void* _dl_allocate_tls(void* mem) {
  if (mem == nullptr) return nullptr;
  ldr::glibc::put<ldr::tls::DtvEntry*>(mem, ldr::glibc::L::pthread::header__dtv, nullptr);
  return _dl_allocate_tls_init(mem, true);
}

// A thread ends: its dynamic blocks, and its DTV unless it is the initial one.
__attribute__((visibility("default"))) void _dl_deallocate_tls(void* tcb, bool dealloc_tcb) {
  ldr::tls::DtvEntry* dtv = dtv_of(tcb);
  auto* free_fn = ldr::glibc::g_libc_allocator.free;
  if (dtv == nullptr || free_fn == nullptr) return;
  for (uint64_t i = 1; i <= dtv[-1].counter; ++i)
    if (dtv[i].pointer.to_free != nullptr) free_fn(dtv[i].pointer.to_free);
  if (dtv != ldr::runtime().tls.initial_dtv) free_fn(dtv - 1);
  (void)dealloc_tcb;  // nptl's TCBs live in their stacks: libc owns that memory
}

}  // extern "C"
