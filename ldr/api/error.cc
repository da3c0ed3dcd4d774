// SPDX-License-Identifier: MIT
// A fixed table of per-thread error texts for ldr_error(). A thread that
// finds the table full shares the last slot (its text may be another's).
#include "api/error.h"

#include "arch/x86_64/machine.h"
#include "base/fmt.h"
#include "base/spin_lock.h"

namespace ldr::api {

namespace {

struct Slot {
  uintptr_t thread;
  bool pending;
  char text[1600];
};

constexpr uint32_t kSlots = 16;
// 25 KiB touched only by dl* errors: in .lbss, which the linker places after
// every .bss section, so the .bss that start-up writes stays on few pages
// whatever order link-time optimization gives the rest.
__attribute__((section(".lbss"))) Slot g_slots[kSlots];
int g_lock = 0;

Slot* slot_of(uintptr_t tp, bool create) {
  for (Slot& s : g_slots)
    if (s.thread == tp) return &s;
  if (!create) return nullptr;
  for (Slot& s : g_slots)
    if (s.thread == 0 || !s.pending) {  // free, or nothing pending to lose
      s.thread = tp;
      return &s;
    }
  return &g_slots[kSlots - 1];
}

}  // namespace

void set_error(const Diag& d) {
  base::SpinGuard guard(&g_lock);
  Slot* s = slot_of(arch::thread_pointer(), true);
  format_for_dlerror(d, s->text, sizeof s->text);
  s->pending = true;
}

void forget_error(uintptr_t thread) {
  base::SpinGuard guard(&g_lock);
  if (Slot* s = slot_of(thread, false)) s->pending = false;
}

const char* take_error() {
  base::SpinGuard guard(&g_lock);
  Slot* s = slot_of(arch::thread_pointer(), false);
  if (s == nullptr || !s->pending) return nullptr;
  s->pending = false;
  return s->text;
}

}  // namespace ldr::api
