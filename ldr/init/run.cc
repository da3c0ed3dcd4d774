// SPDX-License-Identifier: MIT
// Initialization order and the calls into objects' constructors and destructors.
#include "init/run.h"

#include "base/mem.h"
#include "diag/trace.h"
#include "personality/personality.h"
#include "runtime.h"

namespace ldr {

namespace {

using InitFn = void (*)(int, char**, char**);
using FiniFn = void (*)();

// glibc's dfs_traversal: a module is placed after all its dependencies.
void dfs(Module* m, Module** rpo, uint32_t* head, const Module* main) {
  if (m->visited) return;
  m->visited = true;
  for (uint32_t i = 0; i < m->dep_count; ++i) {
    Module* dep = m->deps[i];
    if (!dep->visited && dep != main) dfs(dep, rpo, head, main);
  }
  rpo[--*head] = m;
}

void call_init(Runtime& rt, Module* m) {
  if (m->init_started) return;
  m->init_started = true;
  const elf::DynamicInfo& d = m->dyn;
  // glibc shows every object it initializes, ld.so and those without
  // constructors too; not the executable, whose constructors libc runs.
  if (diag::tracing(diag::kTraceImpcalls) && !m->is_executable() && m->kind != ModuleKind::kVdso) {
    diag::TraceLine();
    diag::TraceLine().str("calling init: ").str(m->display_name());
    diag::TraceLine();
  }
  bool skip = m->kind == ModuleKind::kLoader ||
              (m->is_executable() && !rt.personality->runs_executable_init);
  if (!skip && (d.init != 0 || d.init_array_count != 0)) {
    int argc = rt.startup.argc;
    char** argv = rt.startup.argv;
    char** envp = rt.startup.envp;
    if (d.init != 0) reinterpret_cast<InitFn>(m->image.bias + d.init)(argc, argv, envp);
    for (uint64_t i = 0; i < d.init_array_count; ++i) {
      uint64_t fn = d.init_array[i];
      if (fn != 0 && fn != ~uint64_t{0}) reinterpret_cast<InitFn>(fn)(argc, argv, envp);
    }
  }
  m->init_done = true;
}

}  // namespace

Module** dependency_order(Runtime& rt, Module* const* set, uint32_t n) {
  Module** rpo = rt.arena.make_array<Module*>(n);
  Module** order = rt.arena.make_array<Module*>(n);
  if (rpo == nullptr || order == nullptr) return nullptr;
  // Objects outside the set count as visited: the walk stays inside it.
  for (Module* m = rt.first; m != nullptr; m = m->next) m->visited = true;
  for (uint32_t i = 0; i < n; ++i) set[i]->visited = false;
  uint32_t head = n;
  for (uint32_t i = n; i-- > 0 && head > 0;) dfs(set[i], rpo, &head, rt.main);
  // Initialization runs from the end of the sorted list to its start.
  for (uint32_t i = 0; i < n; ++i) order[i] = rpo[n - 1 - i];
  rt.arena.release(rpo, sizeof(Module*) * n);
  return order;
}

bool compute_init_order(Runtime& rt, Diag& diag) {
  rt.init_order = dependency_order(rt, rt.scope, rt.scope_count);
  if (rt.init_order == nullptr) {
    diag.fail(kOccasionLoad, nullptr, {"cannot allocate the initialization order"});
    return false;
  }
  rt.init_count = rt.scope_count;
  return true;
}

void initialize_module(Runtime& rt, Module* m) { call_init(rt, m); }

void record_late_initialized(Runtime& rt, Module* m) {
  if (rt.late_count == rt.late_capacity) {
    uint32_t cap = rt.late_capacity == 0 ? 16 : rt.late_capacity * 2;
    Module** grown = rt.arena.make_array<Module*>(cap);
    if (grown == nullptr) return;
    for (uint32_t i = 0; i < rt.late_count; ++i) grown[i] = rt.late_init[i];
    rt.late_init = grown;
    rt.late_capacity = cap;
  }
  rt.late_init[rt.late_count++] = m;
}

void run_initializers(Runtime& rt) {
  Module* main = rt.main;
  const elf::DynamicInfo& d = main->dyn;
  if (d.preinit_array_count != 0 && diag::tracing(diag::kTraceLibs))
    diag::TraceLine().str("calling preinit: ").str(main->display_name());
  for (uint64_t i = 0; i < d.preinit_array_count; ++i) {
    uint64_t fn = d.preinit_array[i];
    if (fn != 0 && fn != ~uint64_t{0})
      reinterpret_cast<InitFn>(fn)(rt.startup.argc, rt.startup.argv, rt.startup.envp);
  }
  // glibc: the last object loaded with DF_1_INITFIRST is initialized before all others.
  Module* first = nullptr;
  for (uint32_t i = 0; i < rt.scope_count; ++i)
    if ((rt.scope[i]->dyn.flags_1 & elf::DF_1_INITFIRST) != 0) first = rt.scope[i];
  if (first != nullptr) call_init(rt, first);
  for (uint32_t i = 0; i < rt.init_count; ++i) call_init(rt, rt.init_order[i]);
}

}  // namespace ldr

namespace {

void run_finalizers_of(ldr::Module* m) {
  if (!m->init_done || m->fini_done || m->kind == ldr::ModuleKind::kVdso) return;
  m->fini_done = true;
  // glibc shows every initialized object, the executable under its empty
  // link-map name and ld.so too, whether it has destructors or not.
  if (ldr::diag::tracing(ldr::diag::kTraceImpcalls)) {
    ldr::diag::TraceLine();
    ldr::diag::TraceLine().str("calling fini: ").str(m->link_map_name()).str(m->ns_tag());
    ldr::diag::TraceLine();
  }
  if (m->kind == ldr::ModuleKind::kLoader) return;
  const ldr::elf::DynamicInfo& d = m->dyn;
  if (d.fini == 0 && d.fini_array_count == 0) return;
  for (uint64_t k = d.fini_array_count; k-- > 0;) {
    uint64_t fn = d.fini_array[k];
    if (fn != 0 && fn != ~uint64_t{0}) reinterpret_cast<void (*)()>(fn)();
  }
  if (d.fini != 0) reinterpret_cast<void (*)()>(m->image.bias + d.fini)();
}

}  // namespace

void ldr::finalize_module(Module* m) { run_finalizers_of(m); }

namespace {

// glibc's _dl_fini takes the namespaces from the highest (dlmopen's last) to
// the program's, each sorted on its own. The namespaces' objects are
// disjoint graphs, so each keeps, within the one sort of them all, the order
// its own sort gives: a stable partition by namespace, highest first.
void by_namespace(ldr::Runtime& rt, ldr::Module** order, uint32_t n) {
  bool other = false;
  for (uint32_t i = 0; i < n && !other; ++i) other = order[i]->ns != 0;
  if (!other) return;
  ldr::Module** sorted = rt.arena.make_array<ldr::Module*>(n);
  if (sorted == nullptr) return;  // out of memory: one order for all
  uint32_t k = 0;
  for (uint32_t ns = ldr::Runtime::kNamespaces; ns-- > 0;)
    for (uint32_t i = 0; i < n; ++i)
      if (order[i]->ns == ns) sorted[k++] = order[i];
  ldr::base::copy_bytes(order, sorted, sizeof(ldr::Module*) * n);
  rt.arena.release(sorted, sizeof(ldr::Module*) * n);
}

}  // namespace

extern "C" void ldr_run_finalizers() {
  ldr::Runtime& rt = ldr::runtime();
  // glibc 2.36's _dl_fini: every object still loaded, namespace by
  // namespace, sorted as dlclose sorts (ldr::fini_order), the executable
  // first among the program's.
  uint32_t n = 0;
  if (ldr::Module** order = ldr::fini_order(rt, &n)) {
    by_namespace(rt, order, n);
    // A finalizer's dlclose must not unload what is still to be finalized.
    for (uint32_t i = 0; i < n; ++i) ++order[i]->open_count;
    for (uint32_t i = 0; i < n; ++i) run_finalizers_of(order[i]);
    rt.arena.release(order, sizeof(ldr::Module*) * n);
    return;
  }
  // Out of memory: objects opened at run time first, then reverse init order.
  for (uint32_t i = rt.late_count; i-- > 0;) run_finalizers_of(rt.late_init[i]);
  for (uint32_t i = rt.init_count; i-- > 0;) run_finalizers_of(rt.init_order[i]);
}
