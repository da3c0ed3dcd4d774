// SPDX-License-Identifier: MIT
// TLS of objects opened after start-up (glibc elf/dl-tls.c semantics):
// module ids (freed ids reused), the global generation counter, each
// thread's DTV brought up to date and its blocks allocated on first use by
// __tls_get_addr's slow path, and static TLS taken from the surplus for
// objects that use the initial-exec model. The slot table is guarded by its
// own lock (never the loader lock: __tls_get_addr must not wait for an
// initializer that dlopen runs).
#pragma once

#include <cstddef>
#include <cstdint>

#include "module/module.h"
#include "tls/dtv.h"

namespace ldr {
struct Runtime;
}

namespace ldr::tls {

// The marker of a DTV entry whose block is not allocated (glibc's
// TLS_DTV_UNALLOCATED).
inline void* const kUnallocated = reinterpret_cast<void*>(-1);

// How TLS blocks of dynamic modules are allocated: the program's malloc once a
// libc owns the heap (its threads free DTVs with it), else the loader's arena.
struct Allocator {
  void* (*allocate)(size_t size) = nullptr;  // nullptr: the arena
  void (*release)(void* p) = nullptr;        // nullptr: never freed
};
void set_allocator(const Allocator& a);

// A module with TLS opened after start-up gets an id (the lowest free one)
// and the next generation; its block is dynamic until allocate_static moves
// it to the surplus. False when out of memory.
[[nodiscard]] bool assign_module_id(Runtime& rt, Module* m);

// After the objects of one dlopen are relocated (their TLS images final):
// the generation their ids were assigned in becomes current.
void commit_generation(Runtime& rt);

// The module leaves: its id becomes free, threads drop their copies of its
// block at their next DTV update.
void release_module_id(Runtime& rt, Module* m);

// The module behind an id (nullptr for a free one).
Module* module_of_id(const Runtime& rt, uint64_t id);

// The generation in which id was last assigned (0 for start-up modules).
uint64_t generation_of_id(const Runtime& rt, uint64_t id);

// Places m's block in the static TLS surplus (initial-exec code needs a
// fixed offset from the thread pointer); impossible once a thread has a
// dynamic copy of it. `optional` is glibc's rule for
// objects without DF_STATIC_TLS: only glibc.rtld.optional_static_tls bytes
// of the surplus may go to them. False when it does not fit.
[[nodiscard]] bool allocate_static(Runtime& rt, Module* m, bool optional);

// Does m have a block at a fixed offset from every thread pointer? (Static
// blocks lie below the thread pointer: their offset is never 0.)
inline bool is_static(const Module& m) { return m.tls.tp_offset != 0; }

// A copy of m's TLS block at `block`: its image, the rest zero.
void init_block(unsigned char* block, const Module& m);

// A new or reused DTV for a thread whose static block is at tp: static
// blocks initialised from their images, dynamic ones unallocated, generation
// current. Returns the DTV (pointing at the module-0 entry, glibc's shape:
// [-1] capacity, [0] generation), or nullptr when out of memory. `old` may be
// nullptr, or a DTV to reuse (freed when too small).
DtvEntry* prepare_dtv(Runtime& rt, DtvEntry* old, uintptr_t tp);

// The calling thread's copy of m's block, or nullptr when it has none yet
// (glibc's _dl_tls_get_addr_soft, for dlinfo's RTLD_DI_TLS_DATA): a static
// block always; a dynamic one once the thread allocated it. Allocates nothing.
void* block_if_allocated(const Runtime& rt, const Module& m);

// __tls_get_addr's slow path for the calling thread: update its DTV, then
// allocate the block if needed. Never fails silently: out of memory aborts
// the process with glibc's message.
void* get_addr_slow(const TlsIndex* ti);

}  // namespace ldr::tls

// __tls_get_addr for ldr's own callers (tls/get_addr.cc).
extern "C" void* ldr_tls_get_addr(ldr::tls::TlsIndex* ti);
