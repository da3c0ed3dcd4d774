// SPDX-License-Identifier: MIT
// The order in which dlclose runs finalizers: glibc 2.36's _dl_sort_maps
// (elf/dl-sort-maps.c, DFS algorithm) with for_fini set, over every object
// of the load list: DFS from the last object to the first along DT_NEEDED
// edges and relocation dependencies; if any relocation dependency was seen, a
// second pass over the result along DT_NEEDED edges only, so static
// dependencies win. Objects come out dependents first. Only sorts.
#include "init/run.h"
#include "module/module.h"
#include "runtime.h"

namespace ldr {

namespace {

// glibc's dfs_traversal. The executable is never entered through an edge
// (l_main_map); edges are a dlopen root's sorted closure (l_initfini) or an
// object's DT_NEEDED.
void dfs(Module* m, Module*** head, bool* saw_reldeps, const Module* main) {
  if (m->visited) return;
  m->visited = true;
  Module* const* edges = m->initfini != nullptr ? m->initfini : m->deps;
  uint32_t count = m->initfini != nullptr ? m->initfini_count : m->dep_count;
  for (uint32_t i = 0; i < count; ++i)
    if (!edges[i]->visited && edges[i] != main) dfs(edges[i], head, saw_reldeps, main);
  if (saw_reldeps != nullptr && m->reldep_count != 0) {
    *saw_reldeps = true;
    for (uint32_t i = m->reldep_count; i-- > 0;)
      if (!m->reldeps[i]->visited && m->reldeps[i] != main) dfs(m->reldeps[i], head, saw_reldeps, main);
  }
  *--*head = m;
}

}  // namespace

Module** fini_order(Runtime& rt, uint32_t* count) {
  uint32_t n = 0;
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (!m->missing) ++n;
  Module** maps = rt.arena.make_array<Module*>(n);
  Module** rpo = rt.arena.make_array<Module*>(n);
  if (maps == nullptr || rpo == nullptr) {
    rt.arena.release(maps, sizeof(Module*) * n);
    rt.arena.release(rpo, sizeof(Module*) * n);
    return nullptr;
  }
  n = 0;
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (!m->missing) maps[n++] = m;
  for (uint32_t i = 0; i < n; ++i) maps[i]->visited = false;
  bool saw_reldeps = false;
  Module** head = rpo + n;
  for (uint32_t i = n; i-- > 0 && head != rpo;) dfs(maps[i], &head, &saw_reldeps, rt.main);
  if (saw_reldeps) {
    for (uint32_t i = 0; i < n; ++i) rpo[i]->visited = false;
    head = maps + n;
    for (uint32_t i = n; i-- > 0 && head != maps;) dfs(rpo[i], &head, nullptr, rt.main);
  } else {
    for (uint32_t i = 0; i < n; ++i) maps[i] = rpo[i];
    // force_first: the executable stays in front (it is never finalized here).
    if (n != 0 && maps[0] != rt.first) {
      uint32_t k = 0;
      while (k < n && maps[k] != rt.first) ++k;
      for (; k > 0; --k) maps[k] = maps[k - 1];
      maps[0] = rt.first;
    }
  }
  rt.arena.release(rpo, sizeof(Module*) * n);
  *count = n;
  return maps;
}

}  // namespace ldr
