// SPDX-License-Identifier: MIT
// The registry and the DT_NEEDED walk (glibc elf/dl-deps.c _dl_map_object_deps:
// breadth-first, each object once, the search list in discovery order).
#include "module/load.h"

#include "base/mem.h"
#include "base/sys.h"
#include "elf/hash.h"
#include "diag/trace.h"
#include "map/map.h"
#include "map/open.h"
#include "module/preload_file.h"
#include "runtime.h"
#include "search/search.h"
#include "symbol/version.h"
#include "version/require.h"

namespace ldr {

namespace {

bool names_match(const Module& m, const char* name) {
  if (m.name != nullptr && base::str_eq(m.name, name)) return true;
  if (m.path != nullptr && m.path[0] != '\0' && base::str_eq(m.path, name)) return true;
  return m.dyn.soname != nullptr && base::str_eq(m.dyn.soname, name);
}

// Every name of the listed modules (requested name, path, soname) in an
// open-addressing table, so find_loaded costs one hash, not a string compare
// per module: load_object asks once per DT_NEEDED edge, and the linear scan
// was 3 M instructions for 50 libraries (O(edges × modules)). A string keeps
// only its first module in load order, which is what the scan returned.
// Appends extend the table; removals (dlclose, a failed dlopen) bump
// rt.list_generation and it is rebuilt at the next lookup. A module's names
// are fixed once it is appended. Used under the loader lock.
struct NameSlot {
  uint32_t hash;
  const char* name;  // nullptr: empty
  Module* module;
};

struct NameIndex {
  NameSlot* slots = nullptr;
  uint32_t capacity = 0;  // a power of two, or 0
  uint32_t used = 0;
  uint32_t generation = 0;
  bool valid = false;  // slots describe the list of rt.list_generation
};
// In .data: append_module reads it at every start before anything writes it,
// which in .bss cost a zero-page fault and then a copy of that page.
[[gnu::section(".data")]] NameIndex g_names;
constexpr uint32_t kIndexMinModules = 8;

uint32_t name_hash(const char* s) { return elf::gnu_hash(s); }

// The slot holding `name`, or the empty slot where it would go.
NameSlot* probe(const NameIndex& ix, const char* name, uint32_t hash) {
  uint32_t mask = ix.capacity - 1;
  for (uint32_t i = hash & mask;; i = (i + 1) & mask) {
    NameSlot* s = &ix.slots[i];
    if (s->name == nullptr || (s->hash == hash && base::str_eq(s->name, name))) return s;
  }
}

// Doubles the table (at most half full), rehashing from the stored hashes.
bool grow(base::Arena& arena, NameIndex& ix) {
  uint32_t cap = ix.capacity == 0 ? 64 : ix.capacity * 2;
  NameSlot* old = ix.slots;
  uint32_t old_cap = ix.capacity;
  ix.slots = arena.make_array<NameSlot>(cap);
  if (ix.slots == nullptr) {
    ix.slots = old;
    return false;
  }
  ix.capacity = cap;
  for (uint32_t i = 0; i < old_cap; ++i)
    if (old[i].name != nullptr) *probe(ix, old[i].name, old[i].hash) = old[i];
  arena.release(old, sizeof(NameSlot) * old_cap);
  return true;
}

bool index_name(base::Arena& arena, NameIndex& ix, const char* name, Module* m) {
  if (name == nullptr) return true;
  if ((ix.used + 1) * 2 > ix.capacity && !grow(arena, ix)) return false;
  uint32_t h = name_hash(name);
  NameSlot* s = probe(ix, name, h);
  if (s->name != nullptr) return true;  // an earlier module has this name
  *s = NameSlot{h, name, m};
  ++ix.used;
  return true;
}

// The names names_match accepts: an empty path ("" for the executable) is none.
bool index_module(base::Arena& arena, NameIndex& ix, Module* m) {
  const char* path = m->path != nullptr && m->path[0] != '\0' ? m->path : nullptr;
  return index_name(arena, ix, m->name, m) && index_name(arena, ix, path, m) &&
         index_name(arena, ix, m->dyn.soname, m);
}

// Brings the index up to date with the list; false (index unusable) only
// when memory runs out.
bool current_index(Runtime& rt) {
  NameIndex& ix = g_names;
  if (ix.valid && ix.generation == rt.list_generation) return true;
  for (uint32_t i = 0; i < ix.capacity; ++i) ix.slots[i] = NameSlot{};
  ix.used = 0;
  ix.valid = false;
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (!index_module(rt.arena, ix, m)) return false;
  ix.generation = rt.list_generation;
  ix.valid = true;
  return true;
}

// A module for a name that could not be found, kept in trace mode so the
// listing can say "not found" (glibc's l_faked maps).
Module* fake_module(Runtime& rt, const char* name, Module* requester) {
  Module* m = rt.arena.make<Module>();
  if (m == nullptr) return nullptr;
  m->name = rt.arena.dup(name);
  m->loader = requester;
  m->missing = true;
  append_module(rt, m);
  return m;
}

// Remembers the strongest requirement an object met, for --list.
void note_requirement(Module* m, const elf::LdrRequire& need, const Module* requester) {
  if (m->required_by == nullptr ||
      elf::compare_version(need.version, need.revision, m->required_version, m->required_revision) > 0) {
    m->required_version = need.version;
    m->required_revision = need.revision;
    m->required_by = requester->display_name();
  }
}

}  // namespace

Module* find_loaded(Runtime& rt, const char* name) {
  // A short list is scanned: hashing would cost more than it saves. A longer
  // one builds (or refreshes) the name index first. The index keeps a name's
  // first module, whatever its namespace: one of another namespace than the
  // load's (rt.loading_ns) sends the question to the scan.
  uint8_t ns = rt.loading_ns;
  const NameSlot* s = nullptr;
  if (rt.module_count >= kIndexMinModules && current_index(rt)) {
    s = probe(g_names, name, name_hash(name));
    if (s->name != nullptr && s->module->ns == ns) return s->module;
  }
  if (s == nullptr || s->name != nullptr) {
    for (Module* m = rt.first; m != nullptr; m = m->next)
      if (m->ns == ns && names_match(*m, name)) return m;
  }
  // ldr itself, in every namespace (glibc gives each namespace a link map
  // that refers to ld.so's own).
  if (rt.self != nullptr && names_match(*rt.self, name)) return rt.self;
  return nullptr;
}

void append_module(Runtime& rt, Module* m) {
  m->prev = rt.last;
  m->next = nullptr;
  if (rt.last != nullptr) rt.last->next = m;
  else rt.first = m;
  rt.last = m;
  ++rt.module_count;
  NameIndex& ix = g_names;
  if (ix.valid && ix.generation == rt.list_generation && !index_module(rt.arena, ix, m))
    ix.valid = false;
}

namespace {

// .dynamic is written after it is decoded: rebased in place by the glibc
// personality (glibc's get-dynamic-info.h), DT_DEBUG in the executable, and
// its page usually holds the .got that relocation writes. Reading it first
// maps the page read-only and the store faults again; a locked no-op
// read-modify-write makes the first access a write, one fault for the page.
void touch_dynamic_for_write(const Module& m, const elf::Elf64_Phdr& dyn) {
  if (m.kind == ModuleKind::kVdso || m.kind == ModuleKind::kLoader) return;
  if (!m.writable_contains(dyn.p_vaddr, sizeof(uint64_t)) || (dyn.p_vaddr & 7) != 0) return;
  auto* word = reinterpret_cast<uint64_t*>(m.image.bias + dyn.p_vaddr);
  __atomic_fetch_or(word, uint64_t{0}, __ATOMIC_RELAXED);
}

}  // namespace

bool decode_module(Runtime& rt, Diag& diag, Module* m) {
  const elf::Elf64_Phdr* dyn = nullptr;
  for (uint16_t i = 0; i < m->phnum; ++i)
    if (m->phdr[i].p_type == elf::PT_DYNAMIC) dyn = &m->phdr[i];
  if (dyn == nullptr) {
    if (m->is_executable()) return true;  // a static program has nothing to link
    // glibc names the object as requested here, not by its path.
    diag.fail(kOccasionLoad, m->name != nullptr ? m->name : m->display_name(),
              {"object file has no dynamic section"});
    return false;
  }
  touch_dynamic_for_write(*m, *dyn);
  if (const char* e = elf::decode_dynamic(m->image, dyn->p_vaddr, dyn->p_memsz, &m->dyn)) {
    diag.fail(kOccasionLoad, m->display_name(), {e});
    return false;
  }
  if (m->dyn.runpath != nullptr) m->dyn.rpath = nullptr;  // glibc: RUNPATH hides RPATH
  m->own_scopes_first = m->dyn.symbolic;
  return build_versions(rt, diag, m);
}

namespace {

// An object already loaded is too old for a requirement: the failure names
// it. Out of line: its rejection text would take 768 bytes of load_object's
// frame on every start.
[[gnu::cold, gnu::noinline]] void fail_loaded_requirement(Diag& diag, const char* name, const elf::LdrRequire& need,
                                                          const char* requester, const char* path,
                                                          const ProvidedVersion& have) {
  Rejections rejected;
  rejected.add(path, have);
  fail_requirement(diag, name, need, requester, &rejected);
}

}  // namespace

namespace {

// LDR_DEBUG=files before a new object is looked for (glibc's _dl_map_object):
// an empty line, then "file=NAME [N];  RELATION REQUESTER [M]".
void trace_new_file(const char* name, uint32_t ns, const char* relation, const Module& requester) {
  if (!diag::tracing(diag::kTraceFiles)) return;
  diag::TraceLine();
  diag::trace_line({"file=", name, Module::namespace_tag(ns), ";  ", relation, " ", requester.display_name(),
                    requester.ns_tag()});
}

}  // namespace

void trace_generated_link_map(const char* name, const Module& m) {
  if (!diag::tracing(diag::kTraceFiles)) return;
  diag::trace_line({"file=", name, m.ns_tag(), ";  generating link map"});
  // glibc's maplength: from the first PT_LOAD's page (x86-64's 4 KiB) to
  // the last one's end.
  uint64_t lo = ~uint64_t{0}, hi = 0;
  for (uint16_t i = 0; i < m.phnum; ++i) {
    const elf::Elf64_Phdr& p = m.phdr[i];
    if (p.p_type != elf::PT_LOAD || p.p_memsz == 0) continue;
    if (lo == ~uint64_t{0}) lo = p.p_vaddr & ~uint64_t{4095};
    hi = p.p_vaddr + p.p_memsz;
  }
  {
    diag::TraceLine t;
    t.str("  dynamic: 0x").hex(reinterpret_cast<uintptr_t>(m.dyn.dynamic), 16).str("  base: 0x")
        .hex(m.image.bias, 16).str("   size: 0x").hex(hi > lo ? hi - lo : 0, 16);
  }
  {
    char phnum[24];
    base::Writer w(phnum, sizeof phnum);
    w.dec(m.phnum);
    w.flush();
    diag::TraceLine t;
    t.str("    entry: 0x").hex(m.entry, 16).str("  phdr: 0x").hex(reinterpret_cast<uintptr_t>(m.phdr), 16)
        .str("  phnum:   ").rjust(phnum, 16);
  }
  diag::TraceLine();
}

Module* load_object(Runtime& rt, Diag& diag, const char* name, Module* requester,
                    const elf::LdrRequire* explicit_need, const char* relation) {
  // The requester's minimum version of this object. A weak one prefers a
  // candidate that satisfies it, and takes the first one found otherwise.
  elf::LdrRequire need;
  bool has_need = requester != nullptr && requirement_for(*requester, name, &need);
  if (explicit_need != nullptr) {  // the same negotiation, with the version ldr_open_library asked
    need = *explicit_need;
    has_need = true;
    if (requester == nullptr) requester = rt.main;
  }
  bool weak = has_need && (need.flags & LDR_REQUIRE_F_WEAK) != 0;
  if (Module* m = find_loaded(rt, name)) {
    // An object already loaded is authoritative. Its version matters only
    // against a requirement (decoding its notes per DT_NEEDED edge did not).
    ProvidedVersion have = has_need ? module_version(*m) : ProvidedVersion{};
    if (has_need && !satisfies(have, need)) {
      if (weak) {
        warn_weak_requirement(rt.progname, name, need, requester->display_name(), m->display_name(), have);
        return m;
      }
      fail_loaded_requirement(diag, name, need, requester->display_name(), m->display_name(), have);
      return nullptr;
    }
    if (has_need) note_requirement(m, need, requester);
    return m;
  }
  if (requester != nullptr) trace_new_file(name, rt.loading_ns, relation, *requester);
  OpenedFile f;
  if (!find_object(rt, diag, name, requester, &f, has_need ? &need : nullptr)) {
    if (!weak) return nullptr;
    diag = Diag{};
    if (!find_object(rt, diag, name, requester, &f, nullptr)) return nullptr;
    warn_weak_requirement(rt.progname, name, need, requester->display_name(), f.path, file_version(f));
    has_need = false;  // not met: --list shows no requirement
  }
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->dev == f.dev && m->ino == f.ino && !m->missing && m->kind != ModuleKind::kVdso && m->ns == rt.loading_ns) {
      close_object(&f);  // the same file under another name: load it once
      return m;
    }
  }
  if (rt.self != nullptr && rt.self->dev == f.dev && rt.self->ino == f.ino) {
    close_object(&f);
    return rt.self;
  }
  if (f.plan.e_type == elf::ET_EXEC) {
    close_object(&f);
    diag.fail(kOccasionLoad, f.path, {"cannot dynamically load executable"});
    return nullptr;
  }
  Module* m = rt.arena.make<Module>();
  if (m == nullptr) {
    close_object(&f);
    diag.fail(kOccasionLoad, name, {"cannot allocate memory for the object"});
    return nullptr;
  }
  m->name = rt.arena.dup(name);
  m->path = f.path;
  m->loader = requester;
  m->ns = rt.loading_ns;
  bool ok = map_object(rt, diag, f, m);
  close_object(&f);
  // The headers' arena copy is garbage once the mapped image holds them.
  if (!ok || m->phdr != f.phdr) release_program_headers(rt, &f);
  if (!ok) return nullptr;
  if (!decode_module(rt, diag, m)) {
    unmap_object(m);
    return nullptr;
  }
  trace_generated_link_map(name, *m);
  if ((m->dyn.flags_1 & elf::DF_1_PIE) != 0) {  // glibc refuses a PIE as a library
    unmap_object(m);
    diag.fail(kOccasionLoad, name, {"cannot dynamically load position-independent executable"});
    return nullptr;
  }
  append_module(rt, m);
  ++rt.stats.objects_loaded;
  if (has_need) note_requirement(m, need, requester);
  return m;
}

bool load_preloads(Runtime& rt, Diag& diag, const char* list, const char* source) {
  if (list == nullptr) return true;
  for (const char* p = list; *p != '\0';) {
    while (*p == ':' || *p == ' ') ++p;
    const char* w = p;
    while (*p != '\0' && *p != ':' && *p != ' ') ++p;
    if (p == w) continue;
    char* name = rt.arena.dup(w, static_cast<size_t>(p - w));
    if (name == nullptr) return false;
    Diag local;
    // Loaded for the program, as glibc's do_preload does: its $ORIGIN and
    // RPATH/RUNPATH apply.
    Module* m = load_object(rt, local, name, rt.main);
    if (m == nullptr) {
      // glibc: a preload that cannot be loaded is reported and ignored.
      base::FdWriter w2(2);
      w2.str("ERROR: ld.so: object '").str(name).str("' from ").str(source)
          .str(" cannot be preloaded (").str(local.message).str("): ignored.\n");
      continue;
    }
    m->preloaded = true;
  }
  (void)diag;
  return true;
}

bool load_preload_file(Runtime& rt, Diag& diag, const char* path) {
  if (path == nullptr || path[0] == '\0') return true;
  long fd = base::sys_openat(base::kAtFdcwd, path, base::kOpenReadOnly | base::kOpenCloexec);
  if (base::sys_failed(fd)) return true;  // the usual case: no such file (glibc: access fails)
  base::KernelStat st{};
  char* text = nullptr;
  uint64_t size = 0;
  if (!base::sys_failed(base::sys_fstat(static_cast<int>(fd), &st)) && st.st_size > 0) {
    size = static_cast<uint64_t>(st.st_size);
    text = rt.arena.make_array<char>(size + 1);
    if (text != nullptr && !read_file_at(static_cast<int>(fd), text, size, 0)) {
      rt.arena.release(text, size + 1);
      text = nullptr;
    }
  }
  base::sys_close(static_cast<int>(fd));
  if (text == nullptr) return true;  // empty or unreadable: nothing to preload, as glibc
  text[size] = '\0';
  preload_file_to_list(text, size);
  bool ok = load_preloads(rt, diag, text, path);
  rt.arena.release(text, size + 1);
  return ok;
}

bool load_closure(Runtime& rt, Diag& diag) {
  if (!load_dependencies(rt, diag, rt.first)) return false;
  // The global scope is the load order without the vDSO and missing objects.
  rt.scope = rt.arena.make_array<Module*>(rt.module_count);
  if (rt.scope == nullptr) {
    diag.fail(kOccasionLoad, nullptr, {"cannot allocate the global scope"});
    return false;
  }
  rt.scope_count = 0;
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (m->kind != ModuleKind::kVdso && !m->missing) rt.scope[rt.scope_count++] = m;
  ++rt.scope_generation;
  return true;
}

namespace {

// ldr in namespace ns (glibc's _dl_map_object_from_fd for ld.so outside the
// base namespace): the first need of it there appends a proxy record, at the
// place glibc's list gives it; later needs find that one (find_loaded). As
// glibc, the name is searched for: LD_DEBUG's lines, and the proxy's l_name
// is the file found (glibc's realname; dl_iterate_phdr reports l_real's),
// else ldr's own path.
Module* loader_proxy(Runtime& rt, const char* name, Module* requester, uint8_t ns) {
  const Module* self = rt.self;
  trace_new_file(name, ns, "needed by", *requester);
  const char* path = self->path;
  OpenedFile f;
  Diag ignored;
  if (find_object(rt, ignored, name, requester, &f, nullptr)) {
    path = f.path;  // the name is ldr's (its soname) whatever file the search finds
    close_object(&f);
    release_program_headers(rt, &f);
  }
  Module* p = rt.arena.make<Module>();
  if (p == nullptr) return nullptr;
  p->kind = ModuleKind::kLoader;
  p->proxy_of = self;
  p->ns = ns;
  p->name = self->name;
  p->path = path;
  p->origin = self->origin;
  p->dev = self->dev;
  p->ino = self->ino;
  p->image = self->image;  // no map_start/map_size: nothing to unmap
  p->phdr = self->phdr;
  p->phnum = self->phnum;
  p->dyn = self->dyn;
  p->versions = self->versions;
  p->version_count = self->version_count;
  p->listed = true;
  p->relocated = true;
  p->init_started = true;  // neither initialized nor finalized (init/run.cc)
  append_module(rt, p);
  return p;
}

}  // namespace

bool load_dependencies(Runtime& rt, Diag& diag, Module* from) {
  bool tracing_missing = rt.options.mode == Mode::kTrace;
  // Breadth-first: each module's DT_NEEDED in order, appended as discovered.
  for (Module* m = from; m != nullptr; m = m->next) {
    if (m->missing || m->kind == ModuleKind::kVdso || m->dyn.needed_count == 0 || m->deps != nullptr)
      continue;
    m->deps = rt.arena.make_array<Module*>(m->dyn.needed_count);
    if (m->deps == nullptr) {
      diag.fail(kOccasionLoad, m->display_name(), {"cannot allocate dependency list"});
      return false;
    }
    for (const elf::Elf64_Dyn* d = m->dyn.dynamic; d->d_tag != elf::DT_NULL; ++d) {
      if (d->d_tag != elf::DT_NEEDED) continue;
      const char* name = m->dyn.strtab + d->d_val;
      Module* dep = load_object(rt, diag, name, m);
      if (dep == nullptr) {
        if (!tracing_missing) {
          // glibc names the object as needed, not the requester, in this message.
          return false;
        }
        diag = Diag{};
        dep = fake_module(rt, name, m);
        if (dep == nullptr) return false;
      }
      if (dep == rt.self && m->ns != 0) {
        dep = loader_proxy(rt, name, m, m->ns);
        if (dep == nullptr) {
          diag.fail(kOccasionLoad, name, {"cannot allocate memory for the object"});
          return false;
        }
      } else if (dep == rt.self && !rt.self->listed) {
        rt.self->listed = true;
        append_module(rt, rt.self);
      }
      if (dep == m) {
        // A library that needs itself: harmless, glibc ignores the edge.
        continue;
      }
      m->deps[m->dep_count++] = dep;
    }
  }
  return true;
}

}  // namespace ldr
