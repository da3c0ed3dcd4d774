// SPDX-License-Identifier: MIT
// Initializer and finalizer order and calls: DT_PREINIT_ARRAY of the
// executable, then DT_INIT and DT_INIT_ARRAY of each object, dependencies
// first (glibc 2.36's DFS sort, elf/dl-sort-maps.c), each called with
// (argc, argv, envp); finalizers in the reverse order at exit.
#pragma once

#include "diag/diag.h"

namespace ldr {

struct Module;
struct Runtime;

// Computes rt.init_order from the global scope.
[[nodiscard]] bool compute_init_order(Runtime& rt, Diag& diag);

// The modules of `set` (n of them, in load order) sorted dependencies first,
// glibc's DFS sort restricted to the set; nullptr when out of memory.
Module** dependency_order(Runtime& rt, Module* const* set, uint32_t n);

// Runs m's DT_INIT and DT_INIT_ARRAY once (an object opened at run time).
void initialize_module(Runtime& rt, Module* m);

// Remembers an object dlopen initialized, so its finalizers run at exit first.
void record_late_initialized(Runtime& rt, Module* m);

// Every object of the load list sorted for finalization as glibc's dlclose
// sorts it (dependents first; relocation dependencies count, DT_NEEDED wins).
// An arena array of *count entries the caller releases; nullptr when out of memory.
Module** fini_order(Runtime& rt, uint32_t* count);

// Runs m's DT_FINI_ARRAY (in reverse) and DT_FINI, once, if it was initialized.
void finalize_module(Module* m);

// Runs preinitializers and initializers. The executable's own are run only
// when the personality says no libc will run them.
void run_initializers(Runtime& rt);

}  // namespace ldr

// The finalizer routine handed to the program in %rdx (psABI: registered with
// atexit by the C runtime). Runs each initialized object's DT_FINI_ARRAY (in
// reverse) and DT_FINI, in reverse initialization order, once.
extern "C" void ldr_run_finalizers();
