// SPDX-License-Identifier: MIT
// dl_open and dl_sym over the core's rooms (dl_close: dl/close.cc). The
// loader lock (dl/lock.h) serializes them; relocation and initialization
// happen under it, as in glibc (initializers run with the load lock held).
#include "dl/open.h"

#include "arch/x86_64/machine.h"
#include "base/mem.h"
#include "debug/debugger.h"
#include "diag/trace.h"
#include "dl/binding.h"
#include "dl/lock.h"
#include "dl/scope_trace.h"
#include "elf/hash.h"
#include "init/run.h"
#include "interpose/interpose.h"
#include "map/map.h"
#include "module/load.h"
#include "personality/personality.h"
#include "reloc/relocate.h"
#include "runtime.h"
#include "symbol/lookup.h"
#include "symbol/unique.h"
#include "symbol/version.h"
#include "tls/dynamic.h"

namespace ldr {

namespace {

// Removes every module after `keep` from the load list: unmaps it, releases
// its TLS module id and its records.
void roll_back(Runtime& rt, Module* keep) {
  Module* first_removed = keep != nullptr ? keep->next : rt.first;
  uint32_t n = 0;
  for (Module* m = first_removed; m != nullptr; m = m->next) ++n;
  Module** removed = rt.arena.make_array<Module*>(n);
  n = 0;
  for (Module* m = first_removed; m != nullptr; m = m->next) {
    --rt.module_count;
    if (m->kind == ModuleKind::kLibrary && removed != nullptr) removed[n++] = m;
  }
  // The scopes update_scopes gave objects that stay lose the roots that go.
  auto goes = [first_removed](const Module* root) {
    for (const Module* r = first_removed; r != nullptr; r = r->next)
      if (r == root) return true;
    return false;
  };
  for (Module* m = rt.first; m != first_removed; m = m->next) m->drop_later_scopes(goes);
  if (keep != nullptr) keep->next = nullptr;
  else rt.first = nullptr;
  rt.last = keep;
  ++rt.list_generation;
  drop_deferred_ifuncs();
  drop_pending_nodelete(rt);
  // Debuggers and libc must not see the removed objects, then they go.
  Diag ignored;
  rt.personality->lock_object_list(true);
  if (publish_link_maps(rt)) (void)rt.personality->after_open(rt, ignored, nullptr, 0);
  if (removed != nullptr) rt.personality->after_close(rt, removed, n);
  for (Module* m = first_removed; m != nullptr; m = m->next) {
    if (m->kind != ModuleKind::kLibrary) continue;
    if (m->tls.module_id != 0) tls::release_module_id(rt, m);
    unmap_object(m);
  }
  rt.personality->lock_object_list(false);
  if (removed == nullptr) return;
  for (uint32_t i = 0; i < n; ++i) release_module(rt, removed[i]);
  rt.arena.release(removed, sizeof(Module*) * n);
}

// Scratch for dl_sym's handle closure: reused, never kept across calls.
Module** g_closure_scratch = nullptr;
uint32_t g_closure_capacity = 0;

bool in_global_scope(const Runtime& rt, const Module* m) {
  for (uint32_t i = 0; i < rt.scope_count; ++i)
    if (rt.scope[i] == m) return true;
  return false;
}

bool add_to_global_scope(Runtime& rt, Module* const* mods, uint32_t n) {
  // A new array each time (start-up's stays as it is); the previous one is
  // returned to the arena when it came from here. Readers hold the loader lock.
  static Module** owned = nullptr;
  static uint32_t owned_size = 0;
  uint32_t size = rt.scope_count + n;
  Module** scope = rt.arena.make_array<Module*>(size);
  if (scope == nullptr) return false;
  base::copy_bytes(scope, rt.scope, sizeof(Module*) * rt.scope_count);
  uint32_t count = rt.scope_count;
  for (uint32_t i = 0; i < n; ++i) {
    if (in_global_scope(rt, mods[i])) continue;
    scope[count++] = mods[i];
    if (diag::tracing(diag::kTraceScopes)) trace_added_to_global_scope(*mods[i]);
  }
  Module** old = rt.scope;
  rt.scope = scope;  // readers see a complete array, then the count
  ++rt.scope_generation;
  __atomic_store_n(&rt.scope_count, count, __ATOMIC_RELEASE);
  if (old == owned) rt.arena.release(old, sizeof(Module*) * owned_size);
  owned = scope;
  owned_size = size;
  return true;
}

// dependency_order's result, returned to the arena.
void release_order(Runtime& rt, Module** order, uint32_t n) { rt.arena.release(order, sizeof(Module*) * n); }

// glibc's update_scopes, after the new objects are relocated: an object of
// the root's closure that an earlier dlopen opened takes the closure as a
// scope after its own (once); with LDR_DEBUG=scopes, each object of the
// closure is shown — a new or start-up one whole, an extended one with the
// scope it took, one that had it already not at all.
bool update_scopes(Runtime& rt, Diag& diag, Module* root, Module* const* scope, uint32_t n, bool tracing) {
  for (uint32_t i = 0; i < n; ++i) {
    Module* m = scope[i];
    if (m->local_scope == scope || !m->dynamic) {  // new, or loaded at start-up
      if (tracing) trace_object_scopes(rt, *m);
      continue;
    }
    bool has = false;
    for (uint32_t k = 0; k < m->later_scope_count && !has; ++k) has = m->later_scopes[k] == root;
    if (has) continue;
    if (m->later_scope_count == m->later_scope_capacity) {
      uint32_t cap = m->later_scope_capacity == 0 ? 4 : m->later_scope_capacity * 2;
      Module** grown = rt.arena.make_array<Module*>(cap);
      if (grown == nullptr) {
        diag.fail("dlopen", nullptr, {"cannot create scope list"}, 12 /* ENOMEM */);
        return false;
      }
      for (uint32_t k = 0; k < m->later_scope_count; ++k) grown[k] = m->later_scopes[k];
      rt.arena.release(m->later_scopes, sizeof(Module*) * m->later_scope_capacity);
      m->later_scopes = grown;
      m->later_scope_capacity = cap;
    }
    m->later_scopes[m->later_scope_count++] = root;
    if (tracing) trace_added_scope(rt, *m, *root);
  }
  return true;
}

// Loads, links and initializes the objects new since `last_before`.
bool link_new_objects(Runtime& rt, Diag& diag, Module* root, Module* last_before, int mode) {
  Module* first_new = last_before != nullptr ? last_before->next : rt.first;
  if (!load_dependencies(rt, diag, first_new)) return false;
  uint32_t n = 0;
  for (Module* m = first_new; m != nullptr; m = m->next) ++n;
  Module** added = rt.arena.make_array<Module*>(n);
  if (added == nullptr) return false;
  n = 0;
  bool any_tls = false;
  for (Module* m = first_new; m != nullptr; m = m->next) {
    added[n++] = m;
    // glibc's lt_loaded: may be unloaded (ldr's proxy in a namespace too).
    m->dynamic = m->kind == ModuleKind::kLibrary || m->proxy_of != nullptr;
    if ((m->dyn.flags_1 & elf::DF_1_NODELETE) != 0) m->nodelete_pending = true;
    if (!check_versions(rt, diag, m)) return false;
    // TLS: an id and a dynamic block per thread, allocated on first use
    // (tls/dynamic.cc); initial-exec references move it to static TLS.
    if (m->tls.size != 0 || m->tls.init_size != 0) {
      if (!tls::assign_module_id(rt, m)) {
        diag.fail("dlopen", nullptr, {"cannot create TLS data structures"}, 12 /* ENOMEM */);
        return false;
      }
      any_tls = true;
    }
  }
  uint32_t scope_count = 0;
  Module** scope = closure_of(rt, root, &scope_count);
  if (scope == nullptr) return false;
  // glibc's l_scope of an object a dlopen creates: the global scope, then
  // the root's closure; with RTLD_DEEPBIND the closure first.
  for (uint32_t i = 0; i < n; ++i) {
    added[i]->local_scope = scope;
    added[i]->local_scope_count = scope_count;
    added[i]->deepbind = (mode & kRtldDeepbind) != 0;
    added[i]->own_scopes_first |= added[i]->deepbind;
  }
  // The root owns the closure array; dlclose returns it with the root.
  root->owns_local_scope = true;
  root->local_scope_capacity = rt.module_count + 1;
  // glibc's l_initfini of the root: its closure as _dl_sort_maps leaves it
  // (dependents first, the root in front); dlclose's sort walks it.
  if (Module** sorted = dependency_order(rt, scope, scope_count)) {
    for (uint32_t i = 0, j = scope_count - 1; i < j; ++i, --j) {
      Module* t = sorted[i];
      sorted[i] = sorted[j];
      sorted[j] = t;
    }
    uint32_t k = 0;
    while (k < scope_count && sorted[k] != root) ++k;
    for (; k > 0 && k < scope_count; --k) sorted[k] = sorted[k - 1];
    sorted[0] = root;
    root->initfini = sorted;
    root->initfini_count = scope_count;
  }
  rt.personality->lock_object_list(true);
  bool published = publish_link_maps(rt) && rt.personality->after_open(rt, diag, added, n);
  rt.personality->lock_object_list(false);
  if (!published) return false;
  notify_debugger(rt, kRtAdd);
  // glibc: an object that needs an executable stack makes every thread's so.
  for (uint32_t i = 0; i < n; ++i) {
    if ((added[i]->stack_flags & elf::PF_X) == 0 || rt.stack_executable) continue;
    if (!rt.personality->make_stacks_executable(rt)) {
      diag.fail(kOccasionLoad, added[i]->display_name(), {"cannot enable executable stack as shared object requires"});
      return false;
    }
    rt.stack_executable = true;
  }
  bool tracing_scopes = diag::tracing(diag::kTraceScopes);
  if (tracing_scopes) trace_object_scopes(rt, *root);
  Module** order = dependency_order(rt, added, n);
  if (order == nullptr) return false;
  for (uint32_t i = 0; i < n; ++i)
    if (!relocate_module(rt, diag, order[i])) return false;
  finish_deferred_ifuncs(rt);
  // NODELETE marks become final here, before the scopes change, as glibc's
  // dl_open_worker does (what fails after this is an allocation).
  activate_nodelete(rt);
  if (!update_scopes(rt, diag, root, scope, scope_count, tracing_scopes)) return false;
  // Blocks moved to static TLS by this relocation: every thread's copy
  // gets its image; then the new ids' generation becomes current.
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (!m->tls.static_pending) continue;
    rt.personality->init_static_tls(rt, *m);
    m->tls.static_pending = false;
  }
  if (any_tls) tls::commit_generation(rt);
  if (!rt.personality->after_open_relocated(rt, diag, added, n)) return false;
  if ((mode & kRtldGlobal) != 0 && !add_to_global_scope(rt, scope, scope_count)) return false;
  notify_debugger(rt, kRtConsistent);
  for (uint32_t i = 0; i < n; ++i) {
    initialize_module(rt, order[i]);
    record_late_initialized(rt, order[i]);
  }
  release_order(rt, order, n);
  rt.arena.release(added, sizeof(Module*) * n);
  return true;
}

}  // namespace

namespace {

// glibc's "opening file=NAME [0]; direct_opencount=N" and an empty line,
// at the end of each successful dlopen of a file.
void trace_opening(const Module& m) {
  if (!diag::tracing(diag::kTraceFiles)) return;
  diag::TraceLine().str("opening file=").str(m.link_map_name())
      .str(m.ns_tag()).str("; direct_opencount=").dec(m.open_count);
  diag::TraceLine();
}

}  // namespace

Module* module_containing(const Runtime& rt, uintptr_t addr) {
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->missing) continue;
    uintptr_t lo = m->image.bias + m->image.lo, hi = m->image.bias + m->image.hi;
    if (addr >= lo && addr < hi) return m;
  }
  return nullptr;
}

Module* module_of_link_map(const Runtime& rt, const void* map) {
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (m->link_map == map && !m->missing) return m;
  return nullptr;
}

Module* dl_open(Runtime& rt, Diag& diag, const char* file, int mode, uintptr_t caller) {
  return dl_open_version(rt, diag, file, mode, caller, nullptr);
}

namespace {

// The namespace a dl_open loads into (glibc's _dl_open): the caller's, a new
// one (the lowest unused), or one that exists. -1 with diag set when none.
long target_namespace(const Runtime& rt, Diag& diag, const char* file, long ns, uintptr_t caller) {
  if (ns == kNsCaller) {
    const Module* from = module_containing(rt, caller);
    return from != nullptr ? from->ns : 0;
  }
  if (ns == kNsNew) {
    for (uint32_t k = 1; k < Runtime::kNamespaces; ++k)
      if (rt.ns_root[k] == nullptr) return k;
    diag.fail("", file, {"no more namespaces available for dlmopen()"}, 22 /* EINVAL */);
    return -1;
  }
  if (ns == 0 || (ns > 0 && ns < Runtime::kNamespaces && rt.ns_root[ns] != nullptr)) return ns;
  diag.fail("", file, {"invalid target namespace in dlmopen()"}, 22 /* EINVAL */);
  return -1;
}

// Where new objects go, for the length of one dl_open (under the loader
// lock; an initializer's dlopen nests one, and the outer value returns).
struct LoadingNamespace {
  Runtime& rt;
  uint8_t outer;
  LoadingNamespace(Runtime& r, uint8_t ns) : rt(r), outer(r.loading_ns) { rt.loading_ns = ns; }
  ~LoadingNamespace() { rt.loading_ns = outer; }
};

}  // namespace

Module* dl_open_version(Runtime& rt, Diag& diag, const char* file, int mode, uintptr_t caller,
                        const elf::LdrRequire* need, long ns_asked) {
  LoaderLock lock;
  if ((mode & (kRtldLazy | kRtldNow)) == 0) {  // glibc: RTLD_BINDING_MASK must be set
    diag.fail("", file, {"invalid mode for dlopen()"}, 22 /* EINVAL */);
    return nullptr;
  }
  long ns = target_namespace(rt, diag, file, ns_asked, caller);
  if (ns < 0) return nullptr;
  // Another namespace (dlmopen, or a dlopen from an object there) gets its
  // own copies of what it needs, a second libc among them, but ldr itself;
  // its first object becomes its root, whose closure is the namespace's
  // global scope (glibc's). RTLD_GLOBAL adds nothing there (glibc's dlmopen
  // refuses it).
  LoadingNamespace loading(rt, static_cast<uint8_t>(ns));
  if (ns != 0) mode &= ~kRtldGlobal;
  // The program itself, from any namespace (its count starts at 1, as glibc's).
  if (file == nullptr || file[0] == '\0') {
    ++rt.main->open_count;
    trace_opening(*rt.main);
    return rt.main;
  }
  if (find_loaded(rt, file) != nullptr) {
    // Already loaded: load_object applies the caller's version requirement.
    Module* m = load_object(rt, diag, file, module_containing(rt, caller), need);
    if (m == nullptr) return nullptr;
    ++m->open_count;
    trace_opening(*m);
    if ((mode & kRtldNodelete) != 0 && !m->nodelete && diag::tracing(diag::kTraceFiles))
      diag::trace_line({"marking ", m->display_name(), m->ns_tag(), " as NODELETE"});
    if ((mode & kRtldNodelete) != 0) m->nodelete = true;
    if ((mode & kRtldGlobal) != 0 && !in_global_scope(rt, m)) {
      uint32_t count = 0;
      Module** scope = closure_of(rt, m, &count);
      if (scope != nullptr) add_to_global_scope(rt, scope, count);
      rt.arena.release(scope, sizeof(Module*) * (rt.module_count + 1));
    }
    return m;
  }
  if ((mode & kRtldNoload) != 0) return nullptr;
  Module* last_before = rt.last;
  uint32_t count_before = rt.module_count;
  Module* requester = module_containing(rt, caller);
  Module* m = load_object(rt, diag, file, requester, need, "dynamically loaded by");
  if (m == nullptr) return nullptr;
  if (rt.module_count != count_before) {
    bool new_root = ns != 0 && rt.ns_root[ns] == nullptr;
    if (new_root) rt.ns_root[ns] = m;
    if ((mode & kRtldNodelete) != 0) m->nodelete_pending = true;
    if (!link_new_objects(rt, diag, m, last_before, mode)) {
      roll_back(rt, last_before);
      if (new_root) rt.ns_root[ns] = nullptr;
      return nullptr;
    }
  }
  ++m->open_count;
  trace_opening(*m);
  return m;
}

void* dl_sym(Runtime& rt, Diag& diag, Module* handle, bool next, const char* name,
             const char* version, uintptr_t caller) {
  LoaderLock lock;
  VersionEntry v{version, version != nullptr ? elf::sysv_hash(version) : 0, false, nullptr};
  SymbolRef ref = make_symbol_ref(name, version != nullptr ? &v : nullptr);
  ref.newest = version == nullptr;  // dlsym means the newest version (glibc)
  const Module* caller_module = module_containing(rt, caller);
  Definition def;
  bool found = false;
  if (handle == nullptr && !next && rt.interpose != nullptr) {
    // RTLD_DEFAULT finds what the caller's own references bind to.
    found = interpose::redirect(rt, name, ref.gnu_hash, version, caller_module, &def);
  }
  // Each object asked is shown with LDR_DEBUG=symbols, as glibc's do_lookup_x.
  bool trace = diag::tracing(diag::kTraceSymbols);
  Definition weak;  // LD_DYNAMIC_WEAK: the walk's first weak definition (ends_walk)
  auto try_list = [&](Module* const* list, uint32_t n) { return find_in_list(list, n, ref, &def, &weak, trace); };
  if (found) {
    // An interposition rule answered.
  } else if (handle == nullptr) {
    // RTLD_DEFAULT, or RTLD_NEXT: the global scope after the caller. For an
    // interposer, "next" is the definition it replaces: the whole scope but itself.
    bool interposer = next && rt.interpose != nullptr && interpose::is_interposer(rt, caller_module);
    bool skipping = next && !interposer;
    // RTLD_DEFAULT looks where the caller's references look (glibc: its
    // l_scope): an RTLD_DEEPBIND object's closure first.
    bool local_first = !next && caller_module != nullptr && caller_module->deepbind;
    if (local_first) found = try_list(caller_module->local_scope, caller_module->local_scope_count);
    // The global scope of the caller's namespace.
    uint32_t global_count = 0;
    Module* const* global = namespace_scope(rt, caller_module != nullptr ? caller_module->ns : 0, &global_count);
    for (uint32_t i = 0; i < global_count && !found; ++i) {
      const Module* m = global[i];
      if (skipping) {
        skipping = m != caller_module;
        continue;
      }
      if (interposer && m == caller_module) continue;
      found = try_list(global + i, 1);
    }
    // The caller's own closure (not again when it is the global scope: a
    // namespace's first dlmopen).
    if (!found && caller_module != nullptr && !local_first && caller_module->local_scope != global)
      found = try_list(caller_module->local_scope, caller_module->local_scope_count);
    // The closures later dlopens added to the caller's scopes (update_scopes).
    for (uint32_t i = 0; !found && !next && caller_module != nullptr && i < caller_module->later_scope_count; ++i) {
      const Module* root = caller_module->later_scopes[i];
      found = try_list(root->local_scope, root->local_scope_count);
    }
  } else {
    uint32_t count = 0;
    Module** scope = rt.scope;
    if (handle->is_executable()) {
      count = rt.scope_count;
    } else {
      if (g_closure_capacity < rt.module_count + 1) {
        rt.arena.release(g_closure_scratch, sizeof(Module*) * g_closure_capacity);
        g_closure_capacity = rt.module_count + 1 + 16;
        g_closure_scratch = rt.arena.make_array<Module*>(g_closure_capacity);
        if (g_closure_scratch == nullptr) g_closure_capacity = 0;
      }
      scope = g_closure_scratch != nullptr ? closure_of(rt, handle, &count, g_closure_scratch) : nullptr;
    }
    found = scope != nullptr && try_list(scope, count);
  }
  if (!found && weak.sym != nullptr) def = weak, found = true;
  // STB_GNU_UNIQUE: the process's one definition, whichever object was asked
  // (the program's namespace's: another keeps its own, as its lookups do).
  if (found && elf::ELF64_ST_BIND(def.sym->st_info) == elf::STB_GNU_UNIQUE && def.module->ns == 0)
    def = unique_definition(rt, ref, def);
  if (found && diag::tracing(diag::kTraceBindings))
    trace_binding(handle != nullptr ? *handle : caller_module != nullptr ? *caller_module : *rt.main, def, name,
                  version, false);
  if (!found) {
    const char* object = handle != nullptr ? handle->display_name()
                         : caller_module != nullptr ? caller_module->display_name() : "";
    diag::trace_lookup_error(object, kOccasionSymbol,
                             {"undefined symbol: ", name, version != nullptr ? ", version " : nullptr, version}, false);
    diag.fail("", object, {"undefined symbol: ", name, version != nullptr ? ", version " : nullptr, version});
    return nullptr;
  }
  // RTLD_DEFAULT/RTLD_NEXT record a dependency of the caller (glibc's
  // DL_LOOKUP_ADD_DEPENDENCY); any lookup can make a unique symbol's object NODELETE.
  note_binding(rt, const_cast<Module*>(caller_module), def, false, handle == nullptr);
  uintptr_t value = symbol_address(def);
  unsigned char type = elf::ELF64_ST_TYPE(def.sym->st_info);
  if (type == elf::STT_GNU_IFUNC) value = reinterpret_cast<uintptr_t (*)()>(value)();
  if (type == elf::STT_TLS) {  // this thread's copy, allocated if need be
    tls::TlsIndex ti{def.module->tls.module_id, def.sym->st_value};
    value = reinterpret_cast<uintptr_t>(ldr_tls_get_addr(&ti));
  }
  return reinterpret_cast<void*>(value);
}

// The breadth-first dependency closure of root, in `list` (module_count + 1
// entries) or, without one, in a new arena array.
Module** closure_of(Runtime& rt, Module* root, uint32_t* count, Module** list) {
  if (list == nullptr) list = rt.arena.make_array<Module*>(rt.module_count + 1);
  if (list == nullptr) return nullptr;
  for (Module* m = rt.first; m != nullptr; m = m->next) m->visited = false;
  uint32_t n = 0;
  list[n++] = root;
  root->visited = true;
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t k = 0; k < list[i]->dep_count; ++k) {
      Module* d = list[i]->deps[k];
      if (!d->visited && !d->missing) {
        d->visited = true;
        list[n++] = d;
      }
    }
  *count = n;
  return list;
}

}  // namespace ldr
