// SPDX-License-Identifier: MIT
// _rtld_global and _rtld_global_ro, the two records libc.so.6 reads from its
// loader (glibc-abi.md §3, §5), exported by ldr with glibc's sizes and
// filled as glibc's ld.so fills them.
#pragma once

#include "diag/diag.h"

#include <cstdint>

namespace ldr {
struct Module;
struct Runtime;
}  // namespace ldr

namespace ldr::glibc {

struct CpuFeatures;  // glibc/cpu_features.h

// Before relocation: page size, auxv, hwcaps, cpu_features, vDSO entry
// points, the function pointers libc calls.
[[nodiscard]] bool fill_rtld_global_ro(Runtime& rt, Diag& diag, const CpuFeatures& cpu);

// After the link maps exist: the namespace list, search list, locks, stack
// flags. `tcb` is the initial thread's struct pthread.
void fill_rtld_global(Runtime& rt);

// glibc's libc_map of a namespace: the object whose soname is libc.so.6.
bool is_libc(const Module& m);

// dlopen added these objects to their namespaces' lists (_dl_ns[k], _dl_nns).
void add_to_namespace(Runtime& rt, Module* const* added, uint32_t count);

// dlclose: the removed modules' link maps are out of the chain (the core
// relinked it); recounts every namespace, clears l_loader pointers to them and
// returns the records fill_link_map and add_to_namespace allocated.
void remove_from_namespace(Runtime& rt, Module* const* removed, uint32_t count);

// After static TLS: TLS counters, the slot-info list and the initial DTV;
// the initial thread's pthread list entry joins _dl_stack_user.
[[nodiscard]] bool fill_rtld_global_tls(Runtime& rt, Diag& diag, unsigned char* tcb);

}  // namespace ldr::glibc

extern "C" {
extern unsigned char _rtld_global[];
extern unsigned char _rtld_global_ro[];
}
