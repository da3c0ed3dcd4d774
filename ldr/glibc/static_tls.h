// SPDX-License-Identifier: MIT
// Static TLS of an object opened after start-up, in every thread libc knows
// (glibc _dl_init_static_tls), and _rtld_global's TLS fields and slot-info
// list kept true after dlopen and dlclose (libthread_db and gdb read them).
#pragma once

namespace ldr {
struct Runtime;
struct Module;
}

namespace ldr::glibc {

// Copies m's image into its static block of each thread on libc's stack
// lists (_dl_stack_used, _dl_stack_user), under _dl_stack_cache_lock.
void init_static_tls(Runtime& rt, const Module& m);

// Publishes rt.tls (max id, static use, generation) and the slot table to
// _rtld_global: called after each dlopen and dlclose.
void sync_tls_state(Runtime& rt);

}  // namespace ldr::glibc
