// SPDX-License-Identifier: MIT
// Every thread libc knows, for late objects: static TLS blocks, executable
// stacks; and _rtld_global's TLS fields and slot-info list. No allocation
// but the slot-info list's growth (arena).
#include "glibc/all_threads.h"

#include "base/mem.h"
#include "base/syscall.h"
#include "elf/types.h"
#include "glibc/layout.h"
#include "glibc/rtld_global.h"
#include "map/map.h"
#include "module/module.h"
#include "runtime.h"
#include "tls/dynamic.h"

extern "C" int __nptl_change_stack_perm(void* pd);  // glibc/exports.cc

namespace ldr::glibc {

namespace {

namespace G = L::rtld_global;

constexpr long kSysFutex = 202;
constexpr long kFutexWaitPrivate = 128, kFutexWakePrivate = 129;
constexpr size_t kSlotinfoChunk = 64;  // entries per slot-info list element added later

// glibc's low-level lock protocol (lll_lock): 0 free, 1 held, 2 held with waiters.
void lll_lock(int* word) {
  int expected = 0;
  if (__atomic_compare_exchange_n(word, &expected, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
  while (__atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE) != 0)
    base::syscall4(kSysFutex, reinterpret_cast<long>(word), kFutexWaitPrivate, 2, 0);
}

void lll_unlock(int* word) {
  if (__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) == 2)
    base::syscall3(kSysFutex, reinterpret_cast<long>(word), kFutexWakePrivate, 1);
}

// A list_t's next pointer (struct list_head: next, then prev).
unsigned char* next_of(unsigned char* entry) {
  unsigned char* next;
  __builtin_memcpy(&next, entry, sizeof next);
  return next;
}

void init_threads_on(unsigned char* head, const Module& m) {
  size_t list_offset = L::pthread::list.offset;
  for (unsigned char* e = next_of(head); e != nullptr && e != head; e = next_of(e)) {
    unsigned char* pd = e - list_offset;  // struct pthread; the TCB is its start
    tls::init_block(pd - m.tls.tp_offset, m);
  }
}

// The slot-info element holding id (glibc walks the chain the same way),
// growing the chain when id is past its end. nullptr when out of memory.
unsigned char* slot_of(Runtime& rt, uint64_t id) {
  auto* list = get<unsigned char*>(_rtld_global, G::_dl_tls_dtv_slotinfo_list);
  uint64_t base = 0;
  while (list != nullptr) {
    uint64_t len = get<uint64_t>(list, L::dtv_slotinfo_list::len);
    if (id < base + len)
      return ptr<unsigned char>(list, L::dtv_slotinfo_list::slotinfo) + (id - base) * L::dtv_slotinfo::kSize;
    base += len;
    auto* next = get<unsigned char*>(list, L::dtv_slotinfo_list::next);
    if (next == nullptr) {
      next = static_cast<unsigned char*>(
          rt.arena.allocate(L::dtv_slotinfo_list::kSize + kSlotinfoChunk * L::dtv_slotinfo::kSize, 16));
      if (next == nullptr) return nullptr;
      put<uint64_t>(next, L::dtv_slotinfo_list::len, kSlotinfoChunk);
      put<void*>(list, L::dtv_slotinfo_list::next, next);
    }
    list = next;
  }
  return nullptr;
}

}  // namespace

void init_static_tls(Runtime&, const Module& m) {
  auto* lock = ptr<int>(_rtld_global, G::_dl_stack_cache_lock);
  lll_lock(lock);
  init_threads_on(ptr<unsigned char>(_rtld_global, G::_dl_stack_used), m);
  init_threads_on(ptr<unsigned char>(_rtld_global, G::_dl_stack_user), m);
  lll_unlock(lock);
}

bool make_stacks_executable(Runtime& rt) {
  if (!make_stack_executable(reinterpret_cast<uintptr_t>(rt.startup.stack), rt.startup.page_size))
    return false;
  auto* lock = ptr<int>(_rtld_global, G::_dl_stack_cache_lock);
  lll_lock(lock);
  bool ok = true;
  for (const auto& list : {G::_dl_stack_used, G::_dl_stack_cache}) {
    unsigned char* head = ptr<unsigned char>(_rtld_global, list);
    for (unsigned char* e = next_of(head); ok && e != nullptr && e != head; e = next_of(e))
      ok = __nptl_change_stack_perm(e - L::pthread::list.offset) == 0;
  }
  lll_unlock(lock);
  put<uint32_t>(_rtld_global, G::_dl_stack_flags, get<uint32_t>(_rtld_global, G::_dl_stack_flags) | elf::PF_X);
  return ok;
}

void sync_tls_state(Runtime& rt) {
  void* g = _rtld_global;
  const TlsState& t = rt.tls;
  for (uint64_t id = 1; id <= t.max_module_id; ++id) {
    unsigned char* slot = slot_of(rt, id);
    if (slot == nullptr) break;
    const Module* m = tls::module_of_id(rt, id);
    put<uint64_t>(slot, L::dtv_slotinfo::gen, tls::generation_of_id(rt, id));
    put<void*>(slot, L::dtv_slotinfo::map, m != nullptr ? m->link_map : nullptr);
  }
  put<uint64_t>(g, G::_dl_tls_max_dtv_idx, t.max_module_id);
  put<uint64_t>(g, G::_dl_tls_static_used, t.static_used);
  put<uint64_t>(g, G::_dl_tls_static_optional, t.optional);
  put<uint64_t>(g, G::_dl_tls_generation, t.generation);
}

}  // namespace ldr::glibc
