// SPDX-License-Identifier: MIT
// What a late object asks of every thread libc knows (the threads on
// _dl_stack_used/_dl_stack_user, under _dl_stack_cache_lock): its static TLS
// block initialised (glibc _dl_init_static_tls), an executable stack (glibc
// _dl_make_stacks_executable); and _rtld_global's TLS fields and slot-info
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

// Makes the initial thread's stack, every running thread's and every cached
// stack executable, and _dl_stack_flags PF_X so libc makes new stacks so.
// False when an mprotect fails.
bool make_stacks_executable(Runtime& rt);

// Publishes rt.tls (max id, static use, generation) and the slot table to
// _rtld_global: called after each dlopen and dlclose.
void sync_tls_state(Runtime& rt);

}  // namespace ldr::glibc
