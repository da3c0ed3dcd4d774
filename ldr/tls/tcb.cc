// SPDX-License-Identifier: MIT
// Static TLS set-up for the initial thread (glibc init_tls + TLS_INIT_TP +
// security_init). The DTV has glibc's shape: entries of 16 bytes, the TCB's
// pointer at element 1, element 0 holding the capacity.
#include "tls/tcb.h"

#include "arch/x86_64/machine.h"
#include "base/mem.h"
#include "base/sys.h"
#include "personality/personality.h"
#include "runtime.h"
#include "tls/dtv.h"
#include "tls/dynamic.h"
#include "tls/layout.h"

namespace ldr {

namespace {

constexpr uint64_t kDtvSurplus = 14;  // glibc's DTV_SURPLUS

}  // namespace

bool setup_static_tls(Runtime& rt, Diag& diag) {
  const Personality& pers = *rt.personality;
  uint32_t count = 0;
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (m->tls.size > 0 || m->tls.init_size > 0) ++count;
  tls::BlockSpec* specs = rt.arena.make_array<tls::BlockSpec>(count + 1);
  uint64_t* offsets = rt.arena.make_array<uint64_t>(count + 1);
  if (specs == nullptr || offsets == nullptr) {
    diag.fail(kOccasionLoad, nullptr, {"cannot allocate TLS data structures for initial thread"});
    return false;
  }
  uint32_t n = 0;
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->tls.size == 0 && m->tls.init_size == 0) continue;
    m->tls.module_id = ++n;
    specs[n - 1] = tls::BlockSpec{m->tls.size, m->tls.align, m->tls.first_byte};
  }
  tls::StaticLayout layout = tls::layout_static_tls(specs, n, offsets, rt.tls.surplus,
                                                    pers.tcb_size, pers.tcb_align);
  n = 0;
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (m->tls.module_id != 0) m->tls.tp_offset = static_cast<int64_t>(offsets[n++]);
  rt.tls.max_module_id = n;
  rt.tls.static_used = layout.used;
  rt.tls.static_size = layout.size;
  rt.tls.static_align = layout.max_align;

  // One allocation: [blocks + surplus][TCB], TP at the TCB, aligned to max_align.
  auto* raw = static_cast<unsigned char*>(rt.arena.allocate(layout.size + layout.max_align, 16));
  uint64_t capacity = n + kDtvSurplus;
  auto* dtv = rt.arena.make_array<tls::DtvEntry>(capacity + 2);
  if (raw == nullptr || dtv == nullptr) {
    diag.fail(kOccasionLoad, nullptr, {"cannot allocate TLS data structures for initial thread"});
    return false;
  }
  uintptr_t start = (reinterpret_cast<uintptr_t>(raw) + layout.max_align - 1) & ~(layout.max_align - 1);
  uintptr_t tp = start + (layout.size - pers.tcb_size);
  dtv[0].counter = capacity;
  dtv[1].counter = rt.tls.generation;
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->tls.module_id == 0) continue;
    dtv[1 + m->tls.module_id].pointer.val = reinterpret_cast<void*>(tp - static_cast<uint64_t>(m->tls.tp_offset));
    dtv[1 + m->tls.module_id].pointer.to_free = nullptr;
  }
  auto* tcb = reinterpret_cast<unsigned char*>(tp);
  uintptr_t self = tp;
  tls::DtvEntry* dtv_head = &dtv[1];
  rt.tls.initial_dtv = dtv_head;
  __builtin_memcpy(tcb + arch::kTcbSelfOffset, &self, 8);
  __builtin_memcpy(tcb + arch::kTcbDtvOffset, &dtv_head, 8);
  // Stack guard: AT_RANDOM's first word with its low byte cleared (glibc
  // _dl_setup_stack_chk_guard); pointer guard: the second word.
  uint64_t stack_guard = 0, pointer_guard = 0;
  if (rt.startup.at_random != 0) {
    __builtin_memcpy(&stack_guard, reinterpret_cast<const void*>(rt.startup.at_random), 8);
    __builtin_memcpy(&pointer_guard, reinterpret_cast<const void*>(rt.startup.at_random + 8), 8);
    stack_guard &= ~uint64_t{0xff};
  }
  __builtin_memcpy(tcb + arch::kTcbStackGuardOffset, &stack_guard, 8);
  __builtin_memcpy(tcb + arch::kTcbPointerGuardOffset, &pointer_guard, 8);
  if (!pers.init_tcb(rt, diag, tcb)) return false;
  long r = base::sys_arch_prctl(base::kArchSetFs, tp);
  if (base::sys_failed(r)) {
    diag.fail(kOccasionLoad, nullptr, {"cannot set up thread-local storage: cannot set %fs base address for thread-local storage"});
    return false;
  }
  rt.tls.tp = tp;
  return true;
}

void init_static_tls_images(const Runtime& rt) {
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->tls.module_id == 0) continue;
    tls::init_block(reinterpret_cast<unsigned char*>(rt.tls.tp - static_cast<uint64_t>(m->tls.tp_offset)), *m);
  }
}

}  // namespace ldr
