// SPDX-License-Identifier: MIT
// The seam where a libc plugs in. The core loads, relocates and initialises
// objects knowing nothing of any libc; a Personality supplies what a libc
// expects of its loader: the size of per-module and per-thread records, and
// hooks at fixed points of start-up. "bare" is the personality for programs
// without a libc.
#pragma once

#include <cstddef>
#include <cstdint>

#include "diag/diag.h"

namespace ldr {

struct Runtime;
struct Module;

struct Personality {
  const char* name;
  size_t link_map_size;   // bytes per module record; starts with LinkMap
  size_t tcb_size;        // bytes at and above the thread pointer
  size_t tcb_align;
  bool runs_executable_init;  // true: ldr runs the executable's initializers itself

  // After the whole closure is mapped, before TLS and relocation. Sets
  // rt.tls.surplus (static TLS kept free for objects opened later).
  bool (*after_load)(Runtime& rt, Diag& diag);
  // The initial thread's TCB is allocated, before the thread pointer is set.
  bool (*init_tcb)(Runtime& rt, Diag& diag, unsigned char* tcb);
  // Everything is relocated; initializers have not run.
  bool (*before_init)(Runtime& rt, Diag& diag);
  // dlopen: new objects are loaded (before relocation), then relocated. A
  // failed dlopen calls after_open with no objects once it removed its own.
  bool (*after_open)(Runtime& rt, Diag& diag, Module* const* added, uint32_t count);
  bool (*after_open_relocated)(Runtime& rt, Diag& diag, Module* const* added, uint32_t count);
  // m's block moved to static TLS after start-up: copy its image into the
  // block of every thread (glibc _dl_init_static_tls).
  void (*init_static_tls)(Runtime& rt, const Module& m);
  // dlopen of an object that needs an executable stack: every thread's
  // stack becomes executable (glibc _dl_make_stacks_executable). False on failure.
  bool (*make_stacks_executable)(Runtime& rt);
  // dlclose: true while the libc still needs m although no object or handle
  // references it (glibc: thread_local destructors pending, l_tls_dtor_count).
  bool (*keeps_loaded)(const Runtime& rt, const Module& m);
  // dlclose: `removed` are finalized, unmapped and out of the load list;
  // the personality forgets them (namespace list, its records) before ldr
  // reuses their memory.
  void (*after_close)(Runtime& rt, Module* const* removed, uint32_t count);
  // An ldr_* API call failed: the libc's own error state learns it too
  // (glibc: the calling thread's dlerror()).
  void (*api_error)(const Diag& diag);
  // Held while dlopen/dlclose change the list of loaded objects, for the
  // libc's readers of that list (glibc: _dl_load_write_lock, which
  // dl_iterate_phdr holds while it walks). Recursive.
  void (*lock_object_list)(bool lock);
};

// Chooses the personality for the loaded closure (personality/select.cc).
const Personality& select_personality(Runtime& rt);

// ld.so --list-tunables and --list-diagnostics: the tunables and
// diagnostics of the libc ldr stands in for (glibc's), printed as glibc
// prints them.
void print_libc_tunables(Runtime& rt);
void print_libc_diagnostics(Runtime& rt);

// Whether the CPU runs a glibc-hwcaps level (2-4: x86-64-v2..v4), as the
// libc ldr stands in for decides it; for the ldr cache's such entries.
bool libc_hwcaps_level_active(Runtime& rt, unsigned level);

// Programs without a libc.
const Personality& bare_personality();

}  // namespace ldr
