// SPDX-License-Identifier: MIT
// The TLS entry points libc's nptl calls for threads it creates
// (glibc-abi.md §7.3, §8): _dl_get_tls_static_info, _dl_allocate_tls,
// _dl_allocate_tls_init, _dl_deallocate_tls. DTVs come from libc's calloc,
// since libc frees them. Objects opened after start-up are issue 7's.
#include "base/mem.h"
#include "glibc/layout.h"
#include "glibc/libc_malloc.h"
#include "glibc/rtld_global.h"
#include "module/module.h"
#include "runtime.h"
#include "tls/dtv.h"

namespace {

constexpr uint64_t kDtvSurplus = 14;
void* const kUnallocated = reinterpret_cast<void*>(-1);

ldr::tls::DtvEntry* dtv_of(void* tcb) {
  return ldr::glibc::get<ldr::tls::DtvEntry*>(tcb, ldr::glibc::L::pthread::header__dtv);
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) void _dl_get_tls_static_info(size_t* size, size_t* align) {
  *size = ldr::runtime().tls.static_size;
  *align = ldr::runtime().tls.static_align;
}

__attribute__((visibility("default"))) void* _dl_allocate_tls_init(void* tcb, bool) {
  if (tcb == nullptr) return nullptr;
  ldr::Runtime& rt = ldr::runtime();
  ldr::tls::DtvEntry* dtv = dtv_of(tcb);
  auto* tp = static_cast<unsigned char*>(tcb);
  // libc may hand back a reused, zeroed DTV: every slot is written here.
  for (ldr::Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->missing || m->tls.module_id == 0 || m->tls.module_id > dtv[-1].counter) continue;
    unsigned char* block = tp - m->tls.tp_offset;
    dtv[m->tls.module_id].pointer.val = block;
    dtv[m->tls.module_id].pointer.to_free = nullptr;
    ldr::base::copy_bytes(block, m->tls.init_image, m->tls.init_size);
    ldr::base::fill_bytes(block + m->tls.init_size, 0, m->tls.size - m->tls.init_size);
  }
  dtv[0].counter = rt.tls.generation;
  return tcb;
}

__attribute__((visibility("default"))) void* _dl_allocate_tls(void* mem) {
  ldr::Runtime& rt = ldr::runtime();
  if (mem == nullptr || ldr::glibc::g_libc_allocator.calloc == nullptr) return nullptr;
  uint64_t length = rt.tls.max_module_id + kDtvSurplus;
  auto* dtv = static_cast<ldr::tls::DtvEntry*>(
      ldr::glibc::g_libc_allocator.calloc(length + 2, sizeof(ldr::tls::DtvEntry)));
  if (dtv == nullptr) return nullptr;
  dtv[0].counter = length;
  for (uint64_t i = 2; i < length + 2; ++i) dtv[i].pointer.val = kUnallocated;
  ldr::glibc::put<ldr::tls::DtvEntry*>(mem, ldr::glibc::L::pthread::header__dtv, dtv + 1);
  return _dl_allocate_tls_init(mem, true);
}

__attribute__((visibility("default"))) void _dl_deallocate_tls(void* tcb, bool) {
  ldr::tls::DtvEntry* dtv = dtv_of(tcb);
  auto* free_fn = ldr::glibc::g_libc_allocator.free;
  if (dtv == nullptr || free_fn == nullptr) return;
  for (uint64_t i = 1; i <= dtv[-1].counter; ++i)
    if (dtv[i].pointer.to_free != nullptr) free_fn(dtv[i].pointer.to_free);
  void* initial = ldr::glibc::get<void*>(_rtld_global, ldr::glibc::L::rtld_global::_dl_initial_dtv);
  if (dtv != initial) free_fn(dtv - 1);
}

}  // extern "C"
