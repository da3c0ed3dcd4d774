// SPDX-License-Identifier: MIT
// glibc's struct dlfcn_hook (glibc-abi.md §9): every dlfcn entry point of
// libc.so.6 calls through it when _rtld_global_ro._dl_dlfcn_hook is set.
#pragma once

#include "diag/diag.h"

namespace ldr::glibc {

// The table to store in _rtld_global_ro._dl_dlfcn_hook.
const void* dlfcn_hook_table();

// Makes d this thread's pending dlerror() text (the ldr_* API's failures).
void record_dlerror(const ldr::Diag& d);

// A new thread gets the TCB at `thread`: an error a dead thread at that
// address left pending must not be its dlerror().
void forget_dlerror(uintptr_t thread);

}  // namespace ldr::glibc
