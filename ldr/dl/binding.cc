// SPDX-License-Identifier: MIT
// Relocation dependencies and NODELETE marks from symbol bindings, as glibc
// 2.36's add_dependency and do_lookup_unique record them.
#include "dl/binding.h"

#include "base/mem.h"
#include "diag/trace.h"
#include "module/module.h"
#include "runtime.h"

namespace ldr {

namespace {

bool is_nodelete(const Module& m, bool for_relocate) {
  return m.nodelete || (for_relocate && m.nodelete_pending);
}

void mark_nodelete(Module& m, bool for_relocate) {
  if (for_relocate) m.nodelete_pending = true;
  else m.nodelete = true;
}

// glibc's l_initfini test: a dlopen root reaches its whole closure, any other
// object its direct DT_NEEDED.
bool in_initfini(const Module& undef, const Module* m) {
  if (undef.owns_local_scope) {
    for (uint32_t i = 0; i < undef.local_scope_count; ++i)
      if (undef.local_scope[i] == m) return true;
    return false;
  }
  for (uint32_t i = 0; i < undef.dep_count; ++i)
    if (undef.deps[i] == m) return true;
  return false;
}

bool add_reldep(Runtime& rt, Module& undef, Module* m) {
  for (uint32_t i = 0; i < undef.reldep_count; ++i)
    if (undef.reldeps[i] == m) return true;
  if (undef.reldep_count == undef.reldep_capacity) {
    uint32_t cap = undef.reldep_capacity == 0 ? 10 : undef.reldep_capacity * 2;  // glibc's sizes
    Module** grown = rt.arena.make_array<Module*>(cap);
    if (grown == nullptr) return false;
    if (undef.reldep_count != 0) base::copy_bytes(grown, undef.reldeps, sizeof(Module*) * undef.reldep_count);
    rt.arena.release(undef.reldeps, sizeof(Module*) * undef.reldep_capacity);
    undef.reldeps = grown;
    undef.reldep_capacity = cap;
  }
  undef.reldeps[undef.reldep_count++] = m;
  return true;
}

void trace_nodelete(const Module& m, const char* why, const Module* from) {
  if (!diag::tracing(diag::kTraceBindings)) return;
  diag::TraceLine t;
  t.str("marking ").str(m.display_name()).str(m.ns_tag()).str(" as NODELETE due to ").str(why);
  if (from != nullptr) t.str(from->display_name()).str(from->ns_tag());
}

}  // namespace

void note_binding(Runtime& rt, Module* undef, const Definition& def, bool for_relocate,
                  bool add_dependency) {
  Module* m = const_cast<Module*>(def.module);
  if (m == nullptr || !m->dynamic) return;  // objects loaded at start-up stay anyway
  if (def.sym != nullptr && elf::ELF64_ST_BIND(def.sym->st_info) == elf::STB_GNU_UNIQUE &&
      !is_nodelete(*m, for_relocate)) {
    trace_nodelete(*m, "unique symbol", nullptr);
    mark_nodelete(*m, for_relocate);
  }
  if (!add_dependency) return;
  if (undef == nullptr) undef = rt.main;
  if (undef == m || is_nodelete(*m, for_relocate)) return;
  if (!undef->dynamic) {
    if (undef->is_executable()) trace_nodelete(*m, "reference from main program", nullptr);
    else trace_nodelete(*m, "reference from ", undef);
    mark_nodelete(*m, for_relocate);
    return;
  }
  if (in_initfini(*undef, m)) return;
  uint32_t before = undef->reldep_count;
  bool added = add_reldep(rt, *undef, m);
  if (added && undef->reldep_count != before && diag::tracing(diag::kTraceFiles)) {
    diag::TraceLine();
    diag::trace_line({"file=", m->display_name(), m->ns_tag(), ";  needed by ", undef->display_name(),
                      undef->ns_tag(), " (relocation dependency)"});
    diag::TraceLine();
  }
  if (!added) {
    trace_nodelete(*m, "memory allocation failure", nullptr);
    mark_nodelete(*m, for_relocate);
  }
}

void activate_nodelete(Runtime& rt) {
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (m->nodelete_pending) {
      if (diag::tracing(diag::kTraceFiles)) diag::trace_line({"activating NODELETE for ", m->display_name(), m->ns_tag()});
      m->nodelete = true;
      m->nodelete_pending = false;
    }
}

void drop_pending_nodelete(Runtime& rt) {
  for (Module* m = rt.first; m != nullptr; m = m->next) m->nodelete_pending = false;
}

}  // namespace ldr
