// SPDX-License-Identifier: MIT
// _r_debug, _dl_debug_state and the link_map chain gdb walks.
#include "debug/debugger.h"

#include "personality/personality.h"
#include "runtime.h"

extern "C" {

__attribute__((visibility("default"))) ldr::RDebug _r_debug;

// Debuggers put a breakpoint here; it must stay a real, separate function.
__attribute__((visibility("default"), noinline)) void _dl_debug_state() {
  __asm__ volatile("" ::: "memory");
}

}

namespace ldr {

bool publish_link_maps(Runtime& rt) {
  size_t size = rt.personality->link_map_size;
  // A chain per namespace (dlmopen), each in load order; _r_debug shows the
  // program's.
  LinkMap* tail[Runtime::kNamespaces] = {};
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->missing) continue;
    if (m->link_map == nullptr) {
      m->link_map = static_cast<LinkMap*>(rt.arena.allocate(size, 16));
      if (m->link_map == nullptr) return false;
    }
    LinkMap* lm = m->link_map;
    lm->l_addr = m->image.bias;
    // The kernel-started executable is "" as in glibc (debuggers skip it).
    lm->l_name = const_cast<char*>(m->path != nullptr ? m->path : m->name);
    lm->l_ld = const_cast<elf::Elf64_Dyn*>(m->dyn.dynamic);
    LinkMap*& prev = tail[m->ns];
    lm->l_prev = prev;
    lm->l_next = nullptr;
    if (prev != nullptr) prev->l_next = lm;
    prev = lm;
  }
  return true;
}

void notify_debugger(Runtime& rt, int state) {
  // Written before r_version is read: _r_debug is in ldr's bss, and a read of
  // an untouched page maps the zero page, which the first write then faults
  // out again (two faults for one page).
  _r_debug.r_map = rt.first != nullptr ? rt.first->link_map : nullptr;
  _r_debug.r_state = state;
  if (_r_debug.r_version == 0) {
    _r_debug.r_version = 1;
    _r_debug.r_brk = reinterpret_cast<uintptr_t>(&_dl_debug_state);
    _r_debug.r_ldbase = rt.self != nullptr ? rt.self->image.bias : 0;
    Module* main = rt.main;
    if (main != nullptr && main->dyn.debug != nullptr) {
      uint64_t vaddr = reinterpret_cast<uintptr_t>(main->dyn.debug) - main->image.bias;
      // Only a writable dynamic section can carry the pointer. The first
      // notification comes before relocation, so RELRO is still writable.
      if (main->writable_contains(vaddr, sizeof(elf::Elf64_Dyn)))
        main->dyn.debug->d_val = reinterpret_cast<uintptr_t>(&_r_debug);
    }
  }
  _dl_debug_state();
}

void notify_startup_loading(Runtime& rt) {
  LinkMap* head = rt.first != nullptr ? rt.first->link_map : nullptr;
  LinkMap* rest = head != nullptr ? head->l_next : nullptr;
  if (head != nullptr) head->l_next = nullptr;
  notify_debugger(rt, kRtAdd);
  if (head != nullptr) head->l_next = rest;
}

}  // namespace ldr
