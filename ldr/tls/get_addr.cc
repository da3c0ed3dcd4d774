// SPDX-License-Identifier: MIT
// __tls_get_addr for the General- and Local-Dynamic models: the fast path
// when the thread's DTV is of the current generation and the block exists;
// tls/dynamic.cc otherwise (objects opened or closed since, first use).
#include "arch/x86_64/machine.h"
#include "runtime.h"
#include "tls/dynamic.h"

namespace {

inline void* get_addr(ldr::tls::TlsIndex* ti) {
  auto* dtv = static_cast<ldr::tls::DtvEntry*>(ldr::arch::thread_dtv());
  if (__builtin_expect(dtv[0].counter == __atomic_load_n(&ldr::runtime().tls.generation, __ATOMIC_RELAXED), 1)) {
    void* block = dtv[ti->ti_module].pointer.val;
    if (__builtin_expect(block != ldr::tls::kUnallocated, 1)) return static_cast<char*>(block) + ti->ti_offset;
  }
  return ldr::tls::get_addr_slow(ti);
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) void* __tls_get_addr(ldr::tls::TlsIndex* ti) { return get_addr(ti); }

// The same for ldr's own callers (the TLSDESC slow path), bound without a PLT.
__attribute__((visibility("hidden"))) void* ldr_tls_get_addr(ldr::tls::TlsIndex* ti) { return get_addr(ti); }

}  // extern "C"
