// SPDX-License-Identifier: MIT
// dl_open, dl_close and dl_sym over the core's rooms. One spin lock
// serializes them; relocation and initialization happen under it, as in
// glibc (initializers run with the load lock held).
#include "dl/open.h"

#include "arch/x86_64/machine.h"
#include "base/mem.h"
#include "debug/debugger.h"
#include "elf/hash.h"
#include "init/run.h"
#include "interpose/interpose.h"
#include "map/map.h"
#include "module/load.h"
#include "personality/personality.h"
#include "reloc/relocate.h"
#include "runtime.h"
#include "symbol/lookup.h"
#include "symbol/version.h"

namespace ldr {

namespace {

// Serializes dl_* calls across threads. Recursive, as glibc's load lock is:
// an initializer that dlopen runs may itself call dlopen.
uintptr_t g_lock_owner = 0;  // thread pointer of the holder, 0 when free
uint32_t g_lock_depth = 0;

struct Guard {
  Guard() {
    uintptr_t self = arch::thread_pointer();
    if (__atomic_load_n(&g_lock_owner, __ATOMIC_RELAXED) != self) {
      uintptr_t expected = 0;
      while (!__atomic_compare_exchange_n(&g_lock_owner, &expected, self, false, __ATOMIC_ACQUIRE,
                                          __ATOMIC_RELAXED)) {
        expected = 0;
        __builtin_ia32_pause();
      }
    }
    ++g_lock_depth;
  }
  ~Guard() {
    if (--g_lock_depth == 0) __atomic_store_n(&g_lock_owner, 0, __ATOMIC_RELEASE);
  }
};

// Removes every module after `keep` from the load list and unmaps it.
void roll_back(Runtime& rt, Module* keep) {
  Module* m = keep != nullptr ? keep->next : rt.first;
  while (m != nullptr) {
    Module* next = m->next;
    if (m->kind == ModuleKind::kLibrary) unmap_object(m);
    --rt.module_count;
    m = next;
  }
  if (keep != nullptr) keep->next = nullptr;
  rt.last = keep;
  drop_deferred_ifuncs();
  // Debuggers and libc must not see the removed objects.
  Diag ignored;
  if (publish_link_maps(rt)) (void)rt.personality->after_open(rt, ignored, nullptr, 0);
}

// The breadth-first dependency closure of root.
Module** closure_of(Runtime& rt, Module* root, uint32_t* count) {
  Module** list = rt.arena.make_array<Module*>(rt.module_count + 1);
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

bool in_global_scope(const Runtime& rt, const Module* m) {
  for (uint32_t i = 0; i < rt.scope_count; ++i)
    if (rt.scope[i] == m) return true;
  return false;
}

bool add_to_global_scope(Runtime& rt, Module* const* mods, uint32_t n) {
  Module** scope = rt.arena.make_array<Module*>(rt.scope_count + n);
  if (scope == nullptr) return false;
  base::copy_bytes(scope, rt.scope, sizeof(Module*) * rt.scope_count);
  uint32_t count = rt.scope_count;
  for (uint32_t i = 0; i < n; ++i)
    if (!in_global_scope(rt, mods[i])) scope[count++] = mods[i];
  rt.scope = scope;  // readers see a complete array, then the count
  __atomic_store_n(&rt.scope_count, count, __ATOMIC_RELEASE);
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
  for (Module* m = first_new; m != nullptr; m = m->next) {
    added[n++] = m;
    if (!check_versions(rt, diag, m)) return false;
    if (m->tls.size != 0 || m->tls.init_size != 0) {
      // TODO(issue-7): dynamic TLS and the static surplus for objects opened late.
      diag.fail(kOccasionLoad, m->display_name(),
                {"cannot load an object with thread-local storage after start-up yet"});
      return false;
    }
  }
  uint32_t scope_count = 0;
  Module** scope = closure_of(rt, root, &scope_count);
  if (scope == nullptr) return false;
  for (uint32_t i = 0; i < n; ++i) {
    added[i]->local_scope = scope;
    added[i]->local_scope_count = scope_count;
  }
  if (!publish_link_maps(rt) || !rt.personality->after_open(rt, diag, added, n)) return false;
  notify_debugger(rt, kRtAdd);
  Module** order = dependency_order(rt, added, n);
  if (order == nullptr) return false;
  for (uint32_t i = 0; i < n; ++i)
    if (!relocate_module(rt, diag, order[i])) return false;
  finish_deferred_ifuncs(rt);
  if (!rt.personality->after_open_relocated(rt, diag, added, n)) return false;
  if ((mode & kRtldGlobal) != 0 && !add_to_global_scope(rt, scope, scope_count)) return false;
  notify_debugger(rt, kRtConsistent);
  for (uint32_t i = 0; i < n; ++i) {
    initialize_module(rt, order[i]);
    record_late_initialized(rt, order[i]);
  }
  return true;
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
  Guard guard;
  if (file == nullptr || file[0] == '\0') return rt.main;
  if ((mode & (kRtldLazy | kRtldNow)) == 0) {  // glibc: RTLD_BINDING_MASK must be set
    diag.fail("", file, {"invalid mode for dlopen()"}, 22 /* EINVAL */);
    return nullptr;
  }
  if (find_loaded(rt, file) != nullptr) {
    // Already loaded: load_object applies the caller's version requirement.
    Module* m = load_object(rt, diag, file, module_containing(rt, caller));
    if (m == nullptr) return nullptr;
    ++m->open_count;
    if ((mode & kRtldGlobal) != 0 && !in_global_scope(rt, m)) {
      uint32_t count = 0;
      Module** scope = closure_of(rt, m, &count);
      if (scope != nullptr) add_to_global_scope(rt, scope, count);
    }
    return m;
  }
  if ((mode & kRtldNoload) != 0) return nullptr;
  Module* last_before = rt.last;
  uint32_t count_before = rt.module_count;
  Module* requester = module_containing(rt, caller);
  Module* m = load_object(rt, diag, file, requester);
  if (m == nullptr) return nullptr;
  if (rt.module_count != count_before) {
    if (!link_new_objects(rt, diag, m, last_before, mode)) {
      roll_back(rt, last_before);
      return nullptr;
    }
  }
  ++m->open_count;
  return m;
}

int dl_close(Runtime&, Diag& diag, Module* m) {
  Guard guard;
  if (m == nullptr || (m->open_count == 0 && !m->is_executable())) {
    diag.fail("", nullptr, {"shared object not open"});
    return -1;
  }
  if (m->open_count > 0) --m->open_count;  // TODO(issue-7): unload at zero
  return 0;
}

void* dl_sym(Runtime& rt, Diag& diag, Module* handle, bool next, const char* name,
             const char* version, uintptr_t caller) {
  Guard guard;
  VersionEntry v{version, version != nullptr ? elf::sysv_hash(version) : 0, false, nullptr};
  SymbolRef ref = make_symbol_ref(name, version != nullptr ? &v : nullptr);
  const Module* caller_module = module_containing(rt, caller);
  Definition def;
  bool found = false;
  if (handle == nullptr && !next && rt.interpose != nullptr) {
    // RTLD_DEFAULT finds what the caller's own references bind to.
    found = interpose::redirect(rt, name, ref.gnu_hash, version, caller_module, &def);
  }
  if (handle == nullptr) {
    // RTLD_DEFAULT, or RTLD_NEXT: the global scope after the caller. For an
    // interposer, "next" is the definition it replaces: the whole scope but itself.
    bool interposer = next && rt.interpose != nullptr && interpose::is_interposer(rt, caller_module);
    bool skipping = next && !interposer;
    for (uint32_t i = 0; i < rt.scope_count && !found; ++i) {
      const Module* m = rt.scope[i];
      if (skipping) {
        skipping = m != caller_module;
        continue;
      }
      if (interposer && m == caller_module) continue;
      if (const elf::Elf64_Sym* s = find_in_module(*m, ref)) def = Definition{m, s}, found = true;
    }
    if (!found && caller_module != nullptr)
      for (uint32_t i = 0; i < caller_module->local_scope_count && !found; ++i)
        if (const elf::Elf64_Sym* s = find_in_module(*caller_module->local_scope[i], ref))
          def = Definition{caller_module->local_scope[i], s}, found = true;
  } else {
    uint32_t count = 0;
    Module** scope = handle->is_executable() ? rt.scope : closure_of(rt, handle, &count);
    if (handle->is_executable()) count = rt.scope_count;
    for (uint32_t i = 0; scope != nullptr && i < count && !found; ++i)
      if (const elf::Elf64_Sym* s = find_in_module(*scope[i], ref)) def = Definition{scope[i], s}, found = true;
  }
  if (!found) {
    const char* object = handle != nullptr ? handle->display_name()
                         : caller_module != nullptr ? caller_module->display_name() : "";
    diag.fail("", object, {"undefined symbol: ", name, version != nullptr ? ", version " : nullptr, version});
    return nullptr;
  }
  uintptr_t value = (def.sym->st_shndx == elf::SHN_ABS ? 0 : def.module->image.bias) + def.sym->st_value;
  unsigned char type = elf::ELF64_ST_TYPE(def.sym->st_info);
  if (type == elf::STT_GNU_IFUNC) value = reinterpret_cast<uintptr_t (*)()>(value)();
  if (type == elf::STT_TLS)  // every TLS block is static so far: this thread's copy
    value = arch::thread_pointer() - static_cast<uint64_t>(def.module->tls.tp_offset) + def.sym->st_value;
  return reinterpret_cast<void*>(value);
}

}  // namespace ldr
