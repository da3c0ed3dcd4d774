// SPDX-License-Identifier: MIT
// dl_close as glibc 2.36's _dl_close_worker behaves (written from its
// description, not its code): an object is kept when it was loaded at
// start-up, is open, is NODELETE, has pending thread_local destructors
// (personality), or is needed (DT_NEEDED or relocation dependency) by an
// object that is kept. The rest are finalized in glibc's fini order, then
// _r_debug says RT_DELETE, they are unmapped and unlinked, the personality
// forgets them, their memory is reused, and _r_debug says RT_CONSISTENT.
// A dlclose from a finalizer only asks the running one to collect again.
#include "dl/close.h"

#include "base/mem.h"
#include "debug/debugger.h"
#include "diag/trace.h"
#include "dl/lock.h"
#include "dl/open.h"
#include "init/run.h"
#include "map/map.h"
#include "map/open.h"
#include "module/module.h"
#include "personality/personality.h"
#include "runtime.h"
#include "tls/dynamic.h"

namespace ldr {

namespace {

enum class CloseState : uint8_t { kIdle, kCollecting, kRerun };
CloseState g_state = CloseState::kIdle;

// The objects the previous collection removed, released by the next one.
Module** g_retired = nullptr;
uint32_t g_retired_count = 0, g_retired_capacity = 0;

void release_retired(Runtime& rt) {
  for (uint32_t i = 0; i < g_retired_count; ++i) release_module(rt, g_retired[i]);
  rt.arena.release(g_retired, sizeof(Module*) * g_retired_capacity);
  g_retired = nullptr;
  g_retired_count = g_retired_capacity = 0;
}

void trace_file(const char* what, const Module& m, uint32_t count, bool with_count) {
  if (!diag::tracing(diag::kTraceFiles)) return;
  diag::TraceLine();  // glibc's leading newline
  diag::TraceLine t;
  if (with_count) t.str(what).str(m.link_map_name()).str("; direct_opencount=").dec(count);
  else t.str("file=").str(m.display_name()).str(m.ns_tag()).str(";  ").str(what);
}

// Marks (visited = kept) every module still needed; returns how many are not.
uint32_t mark_kept(Runtime& rt) {
  uint32_t n = 0;
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    m->visited = false;
    ++n;
  }
  Module** stack = rt.arena.make_array<Module*>(n);
  uint32_t top = 0, unused = 0;
  auto keep = [&](Module* m) {
    if (m->visited) return;
    m->visited = true;
    if (stack != nullptr) stack[top++] = m;
  };
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (!m->dynamic || m->open_count != 0 || m->nodelete || rt.personality->keeps_loaded(rt, *m)) keep(m);
  if (stack == nullptr) {  // out of memory: keep everything (nothing is unloaded)
    for (Module* m = rt.first; m != nullptr; m = m->next) m->visited = true;
    return 0;
  }
  while (top != 0) {
    Module* m = stack[--top];
    for (uint32_t i = 0; i < m->dep_count; ++i) keep(m->deps[i]);
    for (uint32_t i = 0; i < m->reldep_count; ++i) keep(m->reldeps[i]);
  }
  rt.arena.release(stack, sizeof(Module*) * n);
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (!m->visited) ++unused;
  return unused;
}

void remove_from_global_scope(Runtime& rt, const Module* m) {
  uint32_t j = 0;
  for (uint32_t i = 0; i < rt.scope_count; ++i)
    if (rt.scope[i] != m) rt.scope[j++] = rt.scope[i];
  __atomic_store_n(&rt.scope_count, j, __ATOMIC_RELEASE);
  ++rt.scope_generation;
}

void remove_from_late_init(Runtime& rt, const Module* m) {
  uint32_t j = 0;
  for (uint32_t i = 0; i < rt.late_count; ++i)
    if (rt.late_init[i] != m) rt.late_init[j++] = rt.late_init[i];
  rt.late_count = j;
}

void unlink_module(Runtime& rt, Module* m) {
  if (m->prev != nullptr) m->prev->next = m->next;
  else rt.first = m->next;
  if (m->next != nullptr) m->next->prev = m->prev;
  else rt.last = m->prev;
  --rt.module_count;
  ++rt.list_generation;
}

// An object that stays but searched through the closure array of one that
// goes gets a closure of its own (glibc gives it its own l_searchlist).
void own_scope(Runtime& rt, Module* m) {
  uint32_t count = 0;
  Module** list = closure_of(rt, m, &count);
  m->local_scope = list;
  m->local_scope_count = list != nullptr ? count : 0;
  if (list == nullptr) return;
  m->local_scope_capacity = rt.module_count + 1;  // closure_of's allocation
  m->owns_local_scope = true;
}

bool is_removed(Module* const* removed, uint32_t r, const Module* m) {
  for (uint32_t i = 0; i < r; ++i)
    if (removed[i] == m) return true;
  return false;
}

void collect(Runtime& rt) {
  uint32_t unused = mark_kept(rt);
  if (unused == 0) return;
  Module** removed = rt.arena.make_array<Module*>(unused);
  if (removed == nullptr) return;  // out of memory: nothing is unloaded
  uint32_t r = 0;
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (!m->visited) removed[r++] = m;
  // Finalizers first, of every object to remove, in glibc's order. They may
  // call dlopen (which uses the scratch flags) or dlclose (which reruns us).
  uint32_t n = 0;
  Module** order = fini_order(rt, &n);
  if (order == nullptr) {
    rt.arena.release(removed, sizeof(Module*) * unused);
    return;
  }
  for (uint32_t i = 0; i < n; ++i)
    if (is_removed(removed, r, order[i])) finalize_module(order[i]);
  // They are destroyed in that order too (glibc's maps[] after _dl_sort_maps).
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; ++i)
    if (is_removed(removed, r, order[i])) order[k++] = order[i];
  if (k == r) base::copy_bytes(removed, order, sizeof(Module*) * r);
  rt.arena.release(order, sizeof(Module*) * n);
  notify_debugger(rt, kRtDelete);
  rt.personality->lock_object_list(true);
  for (uint32_t i = 0; i < r; ++i) {
    remove_from_global_scope(rt, removed[i]);
    remove_from_late_init(rt, removed[i]);
    unlink_module(rt, removed[i]);
  }
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->loader != nullptr && is_removed(removed, r, m->loader)) m->loader = nullptr;
    // A closure that goes leaves the scopes later dlopens added it to.
    m->drop_later_scopes([&](const Module* root) { return is_removed(removed, r, root); });
    if (m->local_scope != nullptr && !m->owns_local_scope && is_removed(removed, r, m->local_scope[0]))
      own_scope(rt, m);
  }
  // A namespace whose root goes takes its first remaining object's closure
  // as its global scope (glibc's: the head of _ns_loaded); an emptied one is
  // free for the next dlmopen(LM_ID_NEWLM).
  for (uint32_t k = 1; k < Runtime::kNamespaces; ++k) {
    if (rt.ns_root[k] == nullptr || !is_removed(removed, r, rt.ns_root[k])) continue;
    rt.ns_root[k] = nullptr;
    for (Module* m = rt.first; m != nullptr && rt.ns_root[k] == nullptr; m = m->next)
      if (m->ns == k) rt.ns_root[k] = m;
  }
  // Relinks the link-map chain without them; cannot fail (no new records).
  (void)publish_link_maps(rt);
  rt.personality->after_close(rt, removed, r);
  for (uint32_t i = 0; i < r; ++i) {
    trace_file("destroying link map", *removed[i], 0, false);
    // Its TLS module id becomes free; threads drop their blocks (glibc's remove_slotinfo).
    if (removed[i]->tls.module_id != 0) tls::release_module_id(rt, removed[i]);
    unmap_object(removed[i]);
  }
  rt.personality->lock_object_list(false);
  // The records go back to the arena one collection later: a thread that
  // was walking the list without the loader lock (_dl_find_object, dladdr)
  // when they were unlinked still finds them intact.
  release_retired(rt);
  g_retired = removed;
  g_retired_count = r;
  g_retired_capacity = unused;
  notify_debugger(rt, kRtConsistent);
}

}  // namespace

void release_module(Runtime& rt, Module* m) {
  base::Arena& a = rt.arena;
  if (const Module* real = m->proxy_of) {  // ldr's copy: its name, origin and versions are ldr's (its path may be)
    if (m->path == real->path) m->path = nullptr;
    m->name = m->origin = nullptr;
    m->versions = nullptr;
  }
  if (m->name != nullptr) a.release(const_cast<char*>(m->name), base::str_len(m->name) + 1);
  if (m->path != nullptr && m->path != m->name) a.release(const_cast<char*>(m->path), base::str_len(m->path) + 1);
  if (m->origin != nullptr) a.release(const_cast<char*>(m->origin), base::str_len(m->origin) + 1);
  a.release(m->versions, sizeof(VersionEntry) * m->version_count);
  a.release(m->deps, sizeof(Module*) * m->dyn.needed_count);
  if (m->owns_local_scope) a.release(m->local_scope, sizeof(Module*) * m->local_scope_capacity);
  a.release(m->later_scopes, sizeof(Module*) * m->later_scope_capacity);
  a.release(m->reldeps, sizeof(Module*) * m->reldep_capacity);
  a.release(m->initfini, sizeof(Module*) * m->initfini_count);
  // Program headers outside the mapped image are the arena copy open_object read.
  auto ph = reinterpret_cast<uintptr_t>(m->phdr);
  bool in_image = ph >= m->image.bias + m->image.lo && ph < m->image.bias + m->image.hi;
  if (!in_image) a.release(const_cast<elf::Elf64_Phdr*>(m->phdr), program_header_block_bytes(m->phnum));
  a.release(m->link_map, rt.personality->link_map_size);
  a.release(m, sizeof(Module));
}

int dl_close(Runtime& rt, Diag& diag, Module* m) {
  LoaderLock lock;
  if (m != nullptr && m->nodelete) return 0;  // glibc: not even the count changes
  if (m == nullptr || (m->open_count == 0 && !m->is_executable())) {
    // glibc names the object by its l_name (nothing for a handle it cannot know).
    diag.fail("", m != nullptr && m->link_map != nullptr ? m->link_map->l_name : nullptr,
              {"shared object not open"});
    return -1;
  }
  if (m->open_count > 0) --m->open_count;
  if (m->open_count > 0 || !m->dynamic || g_state != CloseState::kIdle) {
    if (m->open_count == 0 && m->dynamic) g_state = CloseState::kRerun;
    trace_file("closing file=", *m, m->open_count, true);
    return 0;
  }
  do {
    g_state = CloseState::kCollecting;
    collect(rt);
  } while (g_state == CloseState::kRerun);
  g_state = CloseState::kIdle;
  return 0;
}

}  // namespace ldr
