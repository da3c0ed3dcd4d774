// SPDX-License-Identifier: MIT
// Dynamic TLS: the slot table (module per id, generation per id), DTV
// update and block allocation for __tls_get_addr's slow path, DTVs for new
// threads, and static TLS from the surplus (glibc elf/dl-tls.c semantics).
#include "tls/dynamic.h"

#include "arch/x86_64/machine.h"
#include "base/fmt.h"
#include "base/mem.h"
#include "base/spin_lock.h"
#include "base/sys.h"
#include "personality/personality.h"
#include "runtime.h"

namespace ldr::tls {

namespace {

constexpr uint64_t kDtvSurplus = 14;  // glibc's DTV_SURPLUS

// Guards the slot table and the DTV updates that read it. A spin lock of
// its own (the loader lock may be held by a thread running initializers),
// held with every signal blocked: __tls_get_addr's slow path allocates under
// it, and a handler touching dynamic TLS on the same thread would otherwise
// spin on it for ever (glibc allocates outside its TLS lock). A signal
// raised meanwhile is delivered when the lock is let go.
int g_tls_lock = 0;
struct TlsLock {
  base::SignalsBlocked blocked;  // first taken, last given back
  base::SpinGuard guard{&g_tls_lock};
};

struct SlotTable {
  Module** modules = nullptr;  // [0, capacity); index 0 unused
  uint64_t* generations = nullptr;
  uint64_t capacity = 0;
  bool built = false;
};
SlotTable g_slots;
Allocator g_allocator;

[[noreturn]] void out_of_memory() {
  base::FdWriter(2).str("cannot allocate memory for thread-local data: ABORT\n");
  base::sys_exit_group(127);
}

void* allocate(Runtime& rt, size_t size) {
  if (g_allocator.allocate != nullptr) return g_allocator.allocate(size);
  return rt.arena.allocate(size, 16);
}

void release(void* p) {
  if (p != nullptr && g_allocator.release != nullptr) g_allocator.release(p);
}

bool grow_table(Runtime& rt, uint64_t need) {
  if (need < g_slots.capacity) return true;
  uint64_t cap = g_slots.capacity == 0 ? 64 : g_slots.capacity;
  while (cap <= need) cap *= 2;
  auto** modules = rt.arena.make_array<Module*>(cap);
  auto* generations = rt.arena.make_array<uint64_t>(cap);
  if (modules == nullptr || generations == nullptr) return false;
  for (uint64_t i = 0; i < g_slots.capacity; ++i) {
    modules[i] = g_slots.modules[i];
    generations[i] = g_slots.generations[i];
  }
  for (uint64_t i = g_slots.capacity; i < cap; ++i) modules[i] = nullptr, generations[i] = 0;
  g_slots.modules = modules;
  g_slots.generations = generations;
  __atomic_store_n(&g_slots.capacity, cap, __ATOMIC_RELEASE);
  return true;
}

// The start-up modules (ids 1..n, generation 0) enter the table on first use.
bool ensure_table(Runtime& rt) {
  if (g_slots.built) return true;
  if (!grow_table(rt, rt.tls.max_module_id)) return false;
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (!m->missing && m->tls.module_id != 0) g_slots.modules[m->tls.module_id] = m;
  g_slots.built = true;
  return true;
}

Module* slot_module(const Runtime& rt, uint64_t id) {
  if (g_slots.built) return id < g_slots.capacity ? g_slots.modules[id] : nullptr;
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (!m->missing && m->tls.module_id == id) return m;
  return nullptr;
}

// A DTV (pointer to its entry 1) with room for `capacity` modules, holding
// old's entries; the caller frees the old one.
DtvEntry* new_dtv(Runtime& rt, const DtvEntry* old, uint64_t capacity) {
  auto* raw = static_cast<DtvEntry*>(allocate(rt, (capacity + 2) * sizeof(DtvEntry)));
  if (raw == nullptr) return nullptr;
  DtvEntry* dtv = raw + 1;
  dtv[-1].counter = capacity;
  uint64_t copied = 0;
  if (old != nullptr) {
    copied = old[-1].counter < capacity ? old[-1].counter : capacity;
    dtv[0].counter = old[0].counter;
    for (uint64_t i = 1; i <= copied; ++i) dtv[i] = old[i];
  } else {
    dtv[0].counter = 0;
  }
  for (uint64_t i = copied + 1; i <= capacity; ++i) {
    dtv[i].pointer.val = kUnallocated;
    dtv[i].pointer.to_free = nullptr;
  }
  return dtv;
}

// Frees a DTV the allocator made (never the initial thread's first one).
void free_dtv(const Runtime& rt, DtvEntry* dtv) {
  if (dtv != nullptr && dtv != rt.tls.initial_dtv) release(dtv - 1);
}

// Brings the calling thread's DTV to generation `gen` (TLS lock held).
DtvEntry* update_dtv(Runtime& rt, DtvEntry* dtv, uintptr_t tp, uint64_t gen) {
  uint64_t max = rt.tls.max_module_id;
  if (max > dtv[-1].counter) {
    DtvEntry* grown = new_dtv(rt, dtv, max + kDtvSurplus);
    if (grown == nullptr) out_of_memory();
    free_dtv(rt, dtv);
    dtv = grown;
    __asm__ volatile("mov %0, %%fs:8" : : "r"(dtv) : "memory");
  }
  uint64_t limit = dtv[-1].counter < g_slots.capacity ? dtv[-1].counter : g_slots.capacity - 1;
  for (uint64_t i = 1; g_slots.built && i <= limit; ++i) {
    if (g_slots.generations[i] <= dtv[0].counter) continue;
    // The id changed hands since this DTV was current: drop the old block.
    release(dtv[i].pointer.to_free);
    const Module* m = g_slots.modules[i];
    dtv[i].pointer.val = m != nullptr && is_static(*m)
                             ? reinterpret_cast<void*>(tp - static_cast<uint64_t>(m->tls.tp_offset))
                             : kUnallocated;
    dtv[i].pointer.to_free = nullptr;
  }
  dtv[0].counter = gen;
  return dtv;
}

}  // namespace

void set_allocator(const Allocator& a) { g_allocator = a; }

bool assign_module_id(Runtime& rt, Module* m) {
  TlsLock lock;
  if (!ensure_table(rt)) return false;
  uint64_t id = 1;
  while (id <= rt.tls.max_module_id && g_slots.modules[id] != nullptr) ++id;
  if (!grow_table(rt, id)) return false;
  g_slots.modules[id] = m;
  g_slots.generations[id] = rt.tls.generation + 1;
  m->tls.module_id = id;
  m->tls.tp_offset = 0;  // dynamic until allocate_static
  if (id > rt.tls.max_module_id) rt.tls.max_module_id = id;
  return true;
}

void release_module_id(Runtime& rt, Module* m) {
  uint64_t id = m->tls.module_id;
  if (id == 0) return;
  TlsLock lock;
  if (!ensure_table(rt) || id >= g_slots.capacity || g_slots.modules[id] != m) return;
  g_slots.modules[id] = nullptr;
  g_slots.generations[id] = rt.tls.generation + 1;
  while (rt.tls.max_module_id > 0 && g_slots.modules[rt.tls.max_module_id] == nullptr)
    --rt.tls.max_module_id;
  m->tls.module_id = 0;
  __atomic_store_n(&rt.tls.generation, rt.tls.generation + 1, __ATOMIC_RELEASE);
}

void commit_generation(Runtime& rt) {
  TlsLock lock;
  __atomic_store_n(&rt.tls.generation, rt.tls.generation + 1, __ATOMIC_RELEASE);
}

Module* module_of_id(const Runtime& rt, uint64_t id) { return slot_module(rt, id); }

uint64_t generation_of_id(const Runtime&, uint64_t id) {
  return g_slots.built && id < g_slots.capacity ? g_slots.generations[id] : 0;
}

bool allocate_static(Runtime& rt, Module* m, bool optional) {
  if (is_static(*m)) return true;
  if (m->tls.forced_dynamic) return false;
  TlsLock lock;
  // glibc _dl_try_allocate_static_tls, variant II (TLS_TCB_AT_TP).
  uint64_t tcb = rt.personality->tcb_size;
  if (m->tls.align > rt.tls.static_align || rt.tls.static_size < rt.tls.static_used + tcb) return false;
  uint64_t free_bytes = rt.tls.static_size - rt.tls.static_used - tcb;
  uint64_t need = m->tls.size + m->tls.first_byte;
  if (free_bytes < need) return false;
  uint64_t n = (free_bytes - need) / m->tls.align;
  uint64_t offset = rt.tls.static_used + (free_bytes - n * m->tls.align - m->tls.first_byte);
  uint64_t use = offset - rt.tls.static_used;
  if (optional) {
    if (use > rt.tls.optional) return false;
    rt.tls.optional -= use;
  }
  m->tls.tp_offset = static_cast<int64_t>(offset);
  rt.tls.static_used = offset;
  return true;
}

DtvEntry* prepare_dtv(Runtime& rt, DtvEntry* old, uintptr_t tp) {
  TlsLock lock;
  uint64_t max = rt.tls.max_module_id;
  DtvEntry* dtv = old;
  if (dtv == nullptr || dtv[-1].counter < max) {
    dtv = new_dtv(rt, nullptr, max + kDtvSurplus);
    if (dtv == nullptr) return nullptr;
    free_dtv(rt, old);
  }
  for (uint64_t i = 1; i <= dtv[-1].counter; ++i) {
    Module* m = i <= max ? slot_module(rt, i) : nullptr;
    dtv[i].pointer.to_free = nullptr;
    if (m == nullptr || !is_static(*m)) {
      dtv[i].pointer.val = kUnallocated;
      continue;
    }
    auto* block = reinterpret_cast<unsigned char*>(tp - static_cast<uint64_t>(m->tls.tp_offset));
    dtv[i].pointer.val = block;
    init_block(block, *m);
  }
  dtv[0].counter = rt.tls.generation;
  return dtv;
}

void* block_if_allocated(const Runtime& rt, const Module& m) {
  uint64_t id = m.tls.module_id;
  if (id == 0) return nullptr;
  uintptr_t tp = arch::thread_pointer();
  if (is_static(m)) return reinterpret_cast<void*>(tp - static_cast<uint64_t>(m.tls.tp_offset));
  auto* dtv = static_cast<const DtvEntry*>(arch::thread_dtv());
  if (dtv == nullptr) return nullptr;
  // A DTV behind the generation may still cover the module (glibc's test).
  if (dtv[0].counter != __atomic_load_n(&rt.tls.generation, __ATOMIC_ACQUIRE) &&
      (id >= dtv[-1].counter || dtv[0].counter < generation_of_id(rt, id)))
    return nullptr;
  void* block = dtv[id].pointer.val;
  return block == kUnallocated ? nullptr : block;
}

void* get_addr_slow(const TlsIndex* ti) {
  Runtime& rt = runtime();
  uintptr_t tp = arch::thread_pointer();
  auto* dtv = static_cast<DtvEntry*>(arch::thread_dtv());
  if (dtv[0].counter != __atomic_load_n(&rt.tls.generation, __ATOMIC_ACQUIRE)) {
    TlsLock lock;
    dtv = update_dtv(rt, dtv, tp, rt.tls.generation);
  }
  DtvEntry& e = dtv[ti->ti_module];
  if (e.pointer.val == kUnallocated) {
    TlsLock lock;
    const Module* m = slot_module(rt, ti->ti_module);
    if (m == nullptr) {  // a module id nothing holds: an unloaded object's TLS
      base::FdWriter(2).str("invalid thread-local storage access: module not loaded: ABORT\n");
      base::sys_exit_group(127);
    }
    if (is_static(*m)) {
      e.pointer.val = reinterpret_cast<void*>(tp - static_cast<uint64_t>(m->tls.tp_offset));
    } else {
      uint64_t align = m->tls.align < 16 ? 16 : m->tls.align;
      auto* raw = static_cast<unsigned char*>(allocate(rt, m->tls.size + align));
      if (raw == nullptr) out_of_memory();
      auto* block = reinterpret_cast<unsigned char*>(
          (reinterpret_cast<uintptr_t>(raw) + align - 1) & ~(align - 1));
      init_block(block, *m);
      const_cast<Module*>(m)->tls.forced_dynamic = true;
      e.pointer.to_free = g_allocator.release != nullptr ? raw : nullptr;
      e.pointer.val = block;
    }
  }
  return static_cast<char*>(e.pointer.val) + ti->ti_offset;
}

void init_block(unsigned char* block, const Module& m) {
  base::copy_bytes(block, m.tls.init_image, m.tls.init_size);
  base::fill_bytes(block + m.tls.init_size, 0, m.tls.size - m.tls.init_size);
}

}  // namespace ldr::tls
