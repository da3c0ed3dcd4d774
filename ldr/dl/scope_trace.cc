// SPDX-License-Identifier: MIT
// LDR_DEBUG=scopes output (glibc elf/dl-open.c _dl_show_scope and
// add_to_global_update). Prints only; callers check the category.
#include "dl/scope_trace.h"

#include "diag/trace.h"
#include "runtime.h"

namespace ldr {

namespace {

void scope_line(uint32_t index, Module* const* list, uint32_t n) {
  diag::TraceLine t;
  t.str(" scope ").dec(index).ch(':');
  for (uint32_t i = 0; i < n; ++i) t.ch(' ').str(list[i]->display_name());
}

}  // namespace

void trace_object_scopes(const Runtime& rt, const Module& m) {
  diag::TraceLine().str("object=").str(m.display_name()).str(m.ns_tag());
  if (m.kind == ModuleKind::kLoader && m.proxy_of == nullptr) {  // ld.so's own map; its copies have scopes
    diag::TraceLine().str(" no scope");
  } else {
    uint32_t index = 0, global_count = 0;
    // A namespace's first closure is its global scope: glibc lists it once.
    Module* const* global = namespace_scope(rt, m.ns, &global_count);
    bool local = m.local_scope != nullptr && m.local_scope_count != 0 && m.local_scope != global;
    if (local && m.deepbind) scope_line(index++, m.local_scope, m.local_scope_count);
    scope_line(index++, global, global_count);
    if (local && !m.deepbind) scope_line(index++, m.local_scope, m.local_scope_count);
    if (m.kind == ModuleKind::kVdso) diag::TraceLine().str(" scope ").dec(index).str(": ").str(m.display_name());
    for (uint32_t i = 0; i < m.later_scope_count; ++i)
      scope_line(index++, m.later_scopes[i]->local_scope, m.later_scopes[i]->local_scope_count);
  }
  diag::TraceLine();
}

void trace_added_scope(const Runtime& rt, const Module& m, const Module& root) {
  diag::TraceLine().str("object=").str(m.display_name()).str(m.ns_tag());
  // The global scope and its own closure come first (either order; one
  // scope when they are the same, the first dlmopen of a namespace).
  uint32_t global_count = 0;
  uint32_t first = m.local_scope == namespace_scope(rt, m.ns, &global_count) ? 1 : 2;
  scope_line(first + m.later_scope_count - 1, root.local_scope, root.local_scope_count);
  diag::TraceLine();
}

void trace_added_to_global_scope(const Module& m) {
  diag::TraceLine();
  diag::TraceLine().str("add ").str(m.display_name()).str(m.ns_tag()).str(" to global scope");
}

}  // namespace ldr
