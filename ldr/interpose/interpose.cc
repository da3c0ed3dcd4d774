// SPDX-License-Identifier: MIT
// The interposition rules at start-up: collecting them (options, manifest
// file, manifest note), loading their libraries, redirecting references,
// and failing closed when a rule finds nothing to do. Run-time rebinding
// is in set_function.cc.
#include "interpose/interpose.h"

#include "base/fmt.h"
#include "base/mem.h"
#include "base/sys.h"
#include "elf/hash.h"
#include "elf/note.h"
#include "interpose/spec.h"
#include "module/load.h"
#include "runtime.h"
#include "search/expand.h"
#include "search/search.h"

namespace ldr::interpose {

namespace {

constexpr size_t kPathMax = 4096;
constexpr size_t kManifestMax = 1 << 20;  // a manifest is a short text file

State* state(Runtime& rt) {
  if (rt.interpose == nullptr) rt.interpose = rt.arena.make<State>();
  return rt.interpose;
}

}  // namespace

Rule* new_rule(Runtime& rt) {
  State* s = state(rt);
  if (s == nullptr) return nullptr;
  if (s->count == s->capacity) {
    uint32_t cap = s->capacity == 0 ? 8 : s->capacity * 2;
    Rule* grown = rt.arena.make_array<Rule>(cap);
    if (grown == nullptr) return nullptr;
    for (uint32_t i = 0; i < s->count; ++i) grown[i] = s->rules[i];
    s->rules = grown;
    s->capacity = cap;
  }
  Rule* r = &s->rules[s->count++];
  *r = Rule{};
  return r;
}

namespace {

// Does m go by `name`: its requested name, path, soname, or the last
// component of its path (so "--interpose-in libfoo.so.1" names the file too)?
bool module_named(const Module& m, const char* name) {
  if (m.missing || m.kind == ModuleKind::kVdso) return false;
  const char* display = m.display_name();
  if ((m.name != nullptr && base::str_eq(m.name, name)) || base::str_eq(display, name) ||
      (m.soname() != nullptr && base::str_eq(m.soname(), name)))
    return true;
  return !base::has_slash(name) && base::str_eq(base::base_name(display), name);
}

Module* find_named(const Runtime& rt, const char* name) {
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (module_named(*m, name)) return m;
  return nullptr;
}

// An optional rule that cannot apply: one warning line, then it is ignored.
void warn_optional(const Runtime& rt, const Rule& r, std::initializer_list<const char*> why) {
  base::FdWriter w(2);
  w.str(rt.progname).str(": warning: interposition ").str(r.text).str(": ");
  for (const char* part : why)
    if (part != nullptr) w.str(part);
  w.str(" (optional rule ignored)\n");
}

// Expands $ORIGIN (and $LIB, $PLATFORM) in a manifest word. nullptr on failure.
char* expand(Runtime& rt, const char* text, const char* origin) {
  if (!search::has_tokens(text)) return rt.arena.dup(text);
  char out[kPathMax];
  search::Tokens tokens{origin, search::kLibToken, rt.startup.at_platform, rt.startup.secure};
  if (search::expand_tokens(text, base::str_len(text), tokens, out, sizeof out) < 0) return nullptr;
  return rt.arena.dup(out);
}

const char* append_preload(Runtime& rt, const char* list) {
  State* s = state(rt);
  if (s == nullptr) return "cannot allocate memory";
  if (s->preload == nullptr) {
    s->preload = list;
    return nullptr;
  }
  size_t a = base::str_len(s->preload), b = base::str_len(list);
  char* joined = rt.arena.make_array<char>(a + b + 2);
  if (joined == nullptr) return "cannot allocate memory";
  base::copy_bytes(joined, s->preload, a);
  joined[a] = ':';
  base::copy_bytes(joined + a + 1, list, b + 1);
  s->preload = joined;
  return nullptr;
}

struct ManifestContext {
  Runtime& rt;
  const char* name;    // the file, or "note", for messages
  const char* origin;  // $ORIGIN of its names
};

const char* manifest_line(void* ctx_ptr, char* text, unsigned number) {
  auto& ctx = *static_cast<ManifestContext*>(ctx_ptr);
  ManifestLine line;
  if (const char* e = parse_manifest_line(text, &line)) return e;
  if (line.directive == Directive::kNone) return nullptr;
  char* argument = expand(ctx.rt, line.argument, ctx.origin);
  if (argument == nullptr) return "cannot expand a dynamic string token";
  if (line.directive == Directive::kPreload) return append_preload(ctx.rt, argument);
  char source[kPathMax + 16];
  {
    base::Writer w(source, sizeof source);
    w.str(ctx.name).ch(':').dec(number);
  }
  if (const char* e = add_rule(ctx.rt, argument, line.optional, ctx.rt.arena.dup(source))) return e;
  if (line.in == nullptr) return nullptr;
  char* in = expand(ctx.rt, line.in, ctx.origin);
  if (in == nullptr) return "cannot expand a dynamic string token";
  return limit_last_rule(ctx.rt, in);
}

bool read_manifest_text(Runtime& rt, Diag& diag, char* text, size_t size, const char* name,
                        const char* origin) {
  ManifestContext ctx{rt, name, origin};
  unsigned line = 0;
  if (const char* e = for_each_line(text, size, manifest_line, &ctx, &line)) {
    char where[kPathMax + 16];
    {
      base::Writer w(where, sizeof where);
      w.str(name).ch(':').dec(line);
    }
    diag.fail(kOccasion, where, {e});
    return false;
  }
  return true;
}

// Appends the modules loaded for the rules to the end of the global scope.
bool extend_scope(Runtime& rt, Diag& diag) {
  Module** scope = rt.arena.make_array<Module*>(rt.module_count);
  if (scope == nullptr) {
    diag.fail(kOccasionLoad, nullptr, {"cannot allocate the global scope"});
    return false;
  }
  uint32_t n = rt.scope_count;
  base::copy_bytes(scope, rt.scope, sizeof(Module*) * n);
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->kind == ModuleKind::kVdso || m->missing) continue;
    bool present = false;
    for (uint32_t i = 0; i < n && !present; ++i) present = scope[i] == m;
    if (!present && n < rt.module_count) scope[n++] = m;
  }
  rt.scope = scope;
  rt.scope_count = n;
  ++rt.scope_generation;
  return true;
}

// Loads r's library and its dependencies, and finds the replacement in it.
bool load_rule(Runtime& rt, Diag& diag, Rule& r) {
  Diag local;
  Module* last_before = rt.last;
  Module* lib = load_object(rt, local, r.library, nullptr);
  if (lib != nullptr && rt.last != last_before && !load_dependencies(rt, local, last_before->next))
    lib = nullptr;
  if (lib == nullptr) {
    if (!r.optional) {
      diag = local;
      return false;
    }
    base::FdWriter w(2);
    w.str(rt.progname).str(": warning: interposition ").str(r.text).str(": ").str(local.object)
        .str(": ").str(local.message);
    if (local.errnum != 0) w.str(": ").str(error_text(local.errnum));
    w.str(" (optional rule ignored)\n");
    return true;
  }
  SymbolRef ref = make_symbol_ref(r.replacement, nullptr);
  const elf::Elf64_Sym* sym = lib->kind == ModuleKind::kVdso ? nullptr : find_in_module(*lib, ref);
  if (sym == nullptr || sym->st_shndx == elf::SHN_UNDEF) {
    if (r.optional) {
      warn_optional(rt, r, {lib->display_name(), ": undefined symbol: ", r.replacement});
      return true;
    }
    diag.fail(kOccasionSymbol, lib->display_name(),
              {"undefined symbol: ", r.replacement, " (interposition ", r.text, ")"});
    return false;
  }
  r.lib = lib;
  r.sym = sym;
  r.active = true;
  return true;
}

// Resolves the objects of r.in ("A,B") to modules.
bool resolve_in(Runtime& rt, Diag& diag, Rule& r) {
  uint32_t n = 1;
  for (const char* p = r.in; *p != '\0'; ++p) n += *p == ',';
  r.in_modules = rt.arena.make_array<Module*>(n);
  if (r.in_modules == nullptr) {
    diag.fail(kOccasionLoad, nullptr, {"cannot allocate memory"});
    return false;
  }
  for (const char* p = r.in; *p != '\0';) {
    const char* start = p;
    while (*p != '\0' && *p != ',') ++p;
    char* name = rt.arena.dup(start, static_cast<size_t>(p - start));
    if (*p == ',') ++p;
    if (name == nullptr || name[0] == '\0') continue;
    Module* m = find_named(rt, name);
    if (m == nullptr) {
      if (r.optional) {
        warn_optional(rt, r, {"no loaded object is named ", name});
        r.active = false;
        return true;
      }
      diag.fail(kOccasion, r.text, {"no loaded object is named ", name});
      return false;
    }
    r.in_modules[r.in_count++] = m;
  }
  return true;
}

}  // namespace

const char* add_rule(Runtime& rt, const char* text, bool optional, const char* source) {
  char* copy = rt.arena.dup(text);
  char* shown = rt.arena.dup(text);
  if (copy == nullptr || shown == nullptr) return "cannot allocate memory";
  Spec spec;
  if (const char* e = split_spec(copy, &spec)) return e;
  Rule* r = new_rule(rt);
  if (r == nullptr) return "cannot allocate memory";
  r->text = shown;
  r->source = source;
  r->symbol = spec.symbol;
  r->hash = elf::gnu_hash(spec.symbol);
  r->version = spec.version;
  r->library = spec.library;
  r->replacement = spec.replacement;
  r->optional = optional;
  return nullptr;
}

const char* limit_last_rule(Runtime& rt, const char* objects) {
  State* s = rt.interpose;
  if (s == nullptr || s->count == 0 || s->rules[s->count - 1].kind != RuleKind::kRule)
    return "--interpose-in without a preceding --interpose";
  if (objects[0] == '\0') return "empty object name";
  Rule& r = s->rules[s->count - 1];
  if (r.in == nullptr) {
    r.in = objects;
    return nullptr;
  }
  // Several limits on one rule: the union.
  size_t a = base::str_len(r.in), b = base::str_len(objects);
  char* joined = rt.arena.make_array<char>(a + b + 2);
  if (joined == nullptr) return "cannot allocate memory";
  base::copy_bytes(joined, r.in, a);
  joined[a] = ',';
  base::copy_bytes(joined + a + 1, objects, b + 1);
  r.in = joined;
  return nullptr;
}

bool read_manifest_file(Runtime& rt, Diag& diag, const char* path) {
  long fd = base::sys_openat(base::kAtFdcwd, path, base::kOpenReadOnly | base::kOpenCloexec);
  if (base::sys_failed(fd)) {
    diag.fail(kOccasion, path, {"cannot open manifest"}, static_cast<int>(-fd));
    return false;
  }
  base::KernelStat st{};
  long r = base::sys_fstat(static_cast<int>(fd), &st);
  if (base::sys_failed(r) || (st.st_mode & base::kModeTypeMask) != base::kModeRegular ||
      st.st_size < 0 || static_cast<uint64_t>(st.st_size) > kManifestMax) {
    base::sys_close(static_cast<int>(fd));
    diag.fail(kOccasion, path, {"manifest is not a regular file of at most 1 MiB"});
    return false;
  }
  size_t size = static_cast<size_t>(st.st_size);
  char* text = rt.arena.make_array<char>(size + 1);
  size_t got = 0;
  while (text != nullptr && got < size) {
    long n = base::sys_read(static_cast<int>(fd), text + got, size - got);
    if (base::sys_failed(n) || n == 0) break;
    got += static_cast<size_t>(n);
  }
  base::sys_close(static_cast<int>(fd));
  if (text == nullptr || got != size) {
    diag.fail(kOccasion, path, {"cannot read manifest"});
    return false;
  }
  return read_manifest_text(rt, diag, text, size, rt.arena.dup(path), origin_of_path(rt, path));
}

bool read_manifest_note(Runtime& rt, Diag& diag, Module& main) {
  for (uint16_t i = 0; i < main.phnum; ++i) {
    const elf::Elf64_Phdr& ph = main.phdr[i];
    if (ph.p_type != elf::PT_NOTE || !main.image.contains(ph.p_vaddr, ph.p_memsz)) continue;
    elf::NoteSpan span{reinterpret_cast<const void*>(main.image.bias + ph.p_vaddr), ph.p_memsz,
                       ph.p_align < 4 ? 4 : ph.p_align};
    elf::NoteWalker walker(&span, 1);
    elf::Note note;
    while (walker.next(&note)) {
      if (!elf::is_ldr_note(note) || note.type != NT_LDR_INTERPOSE) continue;
      // The text may end in NULs (padding, or a C string's terminator).
      size_t size = base::str_nlen(reinterpret_cast<const char*>(note.desc), note.descsz);
      char* text = rt.arena.dup(reinterpret_cast<const char*>(note.desc), size);
      if (text == nullptr) {
        diag.fail(kOccasionLoad, nullptr, {"cannot allocate memory"});
        return false;
      }
      if (!read_manifest_text(rt, diag, text, size, "manifest note", module_origin(rt, &main)))
        return false;
    }
  }
  return true;
}

bool load_libraries(Runtime& rt, Diag& diag) {
  State* s = rt.interpose;
  if (s == nullptr || s->count == 0) return true;
  for (uint32_t i = 0; i < s->count; ++i)
    if (s->rules[i].kind == RuleKind::kRule && !load_rule(rt, diag, s->rules[i])) return false;
  if (!extend_scope(rt, diag)) return false;
  for (uint32_t i = 0; i < s->count; ++i) {
    Rule& r = s->rules[i];
    if (r.active && r.in != nullptr && !resolve_in(rt, diag, r)) return false;
  }
  return true;
}

bool redirect(Runtime& rt, const char* name, uint32_t gnu_hash, const char* version,
              const Module* requester, Definition* def) {
  State* s = rt.interpose;
  // The last rule for a symbol wins: ldr_set_function adds to the end.
  for (uint32_t i = s->count; i-- > 0;) {
    Rule& r = s->rules[i];
    if (!r.active || r.hash != gnu_hash || !base::str_eq(r.symbol, name)) continue;
    if (r.version != nullptr && (version == nullptr || !base::str_eq(r.version, version))) continue;
    // An interposer library sees the original; ldr_set_function covers everyone.
    if (r.kind == RuleKind::kRule && requester == r.lib) continue;
    if (r.in_count != 0) {
      bool listed = false;
      for (uint32_t k = 0; k < r.in_count && !listed; ++k) listed = r.in_modules[k] == requester;
      if (!listed) continue;
    }
    ++r.uses;
    *def = Definition{r.lib, r.sym};
    return true;
  }
  return false;
}

bool is_interposer(const Runtime& rt, const Module* m) {
  const State* s = rt.interpose;
  for (uint32_t i = 0; s != nullptr && i < s->count; ++i)
    if (s->rules[i].active && s->rules[i].kind == RuleKind::kRule && s->rules[i].lib == m) return true;
  return false;
}

bool check_uses(Runtime& rt, Diag& diag) {
  State* s = rt.interpose;
  for (uint32_t i = 0; s != nullptr && i < s->count; ++i) {
    Rule& r = s->rules[i];
    if (!r.active || r.uses != 0) continue;
    const char* who = r.in != nullptr ? r.in : "no loaded object";
    const char* verb = r.in != nullptr ? " does not reference " : " references ";
    if (r.optional) {
      warn_optional(rt, r, {who, verb, r.symbol});
      continue;
    }
    diag.fail(kOccasion, r.text, {who, verb, r.symbol});
    return false;
  }
  return true;
}

}  // namespace ldr::interpose
