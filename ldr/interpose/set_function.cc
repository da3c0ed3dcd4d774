// SPDX-License-Identifier: MIT
// Amiga's SetFunction for ELF (docs/interposition.md): ldr_set_function
// rebinds every reference already made to a symbol (the GOT and PLT slots
// of each loaded object; RELRO pages made writable only for the store) and,
// through an interposition rule, every reference made later, returning the
// previous target. ldr_original_function answers "what would this name bind
// to without interposition". Both hold the loader lock, so they are safe
// against a concurrent dlopen. Nothing here runs at start-up.
#include "arch/x86_64/machine.h"
#include "base/mem.h"
#include "base/sys.h"
#include "diag/trace.h"
#include "dl/lock.h"
#include "dl/open.h"
#include "elf/hash.h"
#include "interpose/interpose.h"
#include "runtime.h"
#include "symbol/lookup.h"

namespace ldr::interpose {

namespace {

bool is_function_slot(uint32_t type) {
  return type == arch::R_X86_64_GLOB_DAT || type == arch::R_X86_64_JUMP_SLOT || type == arch::R_X86_64_64;
}

// The address a definition stands for (an IFUNC's chosen implementation).
uintptr_t address_of(const Definition& def) {
  uintptr_t v = symbol_address(def);
  if (elf::ELF64_ST_TYPE(def.sym->st_info) == elf::STT_GNU_IFUNC)
    v = reinterpret_cast<uintptr_t (*)()>(v)();
  return v;
}

// Does a rule other than a set_function one name m as holding `name`'s replacement?
bool replaces(const Runtime& rt, const Module* m, const char* name) {
  const State* s = rt.interpose;
  for (uint32_t i = 0; s != nullptr && i < s->count; ++i) {
    const Rule& r = s->rules[i];
    if (r.active && r.kind == RuleKind::kRule && r.lib == m && base::str_eq(r.symbol, name)) return true;
  }
  return false;
}

// The definition of `name` in the global scope, as a PLT reference sees it
// (an executable's canonical PLT entry is not a definition), skipping the
// libraries that interpose it.
uintptr_t original(const Runtime& rt, const char* name) {
  SymbolRef ref = make_symbol_ref(name, nullptr);
  ref.plt = true;
  for (uint32_t i = 0; i < rt.scope_count; ++i) {
    const Module* m = rt.scope[i];
    if (replaces(rt, m, name)) continue;
    if (const elf::Elf64_Sym* s = find_in_module(*m, ref)) return address_of(Definition{m, s});
  }
  return 0;
}

// What references to `name` bind to now: the newest rule that applies to
// every object, else the original.
uintptr_t current(Runtime& rt, const char* name) {
  State* s = rt.interpose;
  uint32_t hash = elf::gnu_hash(name);
  for (uint32_t i = s != nullptr ? s->count : 0; i-- > 0;) {
    const Rule& r = s->rules[i];
    if (r.active && r.in_count == 0 && r.version == nullptr && r.hash == hash && base::str_eq(r.symbol, name))
      return address_of(Definition{r.lib, r.sym});
  }
  return original(rt, name);
}

// The set_function rule for `name`, created on first use.
Rule* function_rule(Runtime& rt, const char* name) {
  State* s = rt.interpose;
  uint32_t hash = elf::gnu_hash(name);
  for (uint32_t i = 0; s != nullptr && i < s->count; ++i) {
    Rule& r = s->rules[i];
    if (r.kind == RuleKind::kSetFunction && r.hash == hash && base::str_eq(r.symbol, name)) return &r;
  }
  char* symbol = rt.arena.dup(name);
  auto* sym = rt.arena.make<elf::Elf64_Sym>();
  Rule* rule = symbol != nullptr && sym != nullptr ? new_rule(rt) : nullptr;
  if (rule == nullptr) return nullptr;
  Rule& r = *rule;
  r.kind = RuleKind::kSetFunction;
  r.text = r.symbol = r.replacement = symbol;
  r.source = "ldr_set_function";
  r.hash = hash;
  // An absolute function symbol: its value is the replacement's address.
  sym->st_info = static_cast<unsigned char>((elf::STB_GLOBAL << 4) | elf::STT_FUNC);
  sym->st_shndx = elf::SHN_ABS;
  r.sym = sym;
  return &r;
}

// Stores v at slot, making a read-only (RELRO) page writable for the store.
void store_slot(const Runtime& rt, const Module& m, uintptr_t slot, uintptr_t v) {
  uint64_t page_size = rt.startup.page_size;
  uintptr_t page = slot & ~(page_size - 1);
  bool relro = m.relro_size != 0 && slot >= m.relro_start && slot < m.relro_start + m.relro_size;
  if (relro) base::sys_mprotect(reinterpret_cast<void*>(page), page_size, base::kProtRead | base::kProtWrite);
  __atomic_store_n(reinterpret_cast<uintptr_t*>(slot), v, __ATOMIC_RELEASE);
  if (relro) base::sys_mprotect(reinterpret_cast<void*>(page), page_size, base::kProtRead);
}

// Rewrites m's references to `name` (symbolic GOT/PLT/absolute slots whose
// symbol m does not bind locally) to `target`. Returns how many.
uint32_t rebind_module(const Runtime& rt, const Module& m, const char* name, uintptr_t target) {
  const elf::DynamicInfo& d = m.dyn;
  uint32_t count = 0;
  const elf::Elf64_Rela* tables[2] = {d.rela, d.jmprel};
  uint64_t sizes[2] = {d.rela_count, d.jmprel_count};
  for (int t = 0; t < 2; ++t) {
    for (uint64_t i = 0; i < sizes[t]; ++i) {
      const elf::Elf64_Rela& r = tables[t][i];
      uint32_t type = elf::ELF64_R_TYPE(r.r_info), idx = elf::ELF64_R_SYM(r.r_info);
      if (!is_function_slot(type) || idx == 0 || idx >= d.sym_limit) continue;
      const elf::Elf64_Sym& sym = d.symtab[idx];
      if (sym.st_name >= d.strsz || !base::str_eq(d.strtab + sym.st_name, name)) continue;
      if (elf::ELF64_ST_BIND(sym.st_info) == elf::STB_LOCAL ||
          (sym.st_shndx != elf::SHN_UNDEF && elf::ELF64_ST_VISIBILITY(sym.st_other) == elf::STV_PROTECTED))
        continue;  // bound within the object, never through the scope
      if (!m.writable_contains(r.r_offset, 8)) continue;
      uintptr_t v = target + (type == arch::R_X86_64_64 ? static_cast<uintptr_t>(r.r_addend) : 0);
      store_slot(rt, m, m.image.bias + r.r_offset, v);
      ++count;
    }
  }
  return count;
}

}  // namespace

}  // namespace ldr::interpose

using namespace ldr;

extern "C" {

// <ldr/ldr.h>: binds every reference to `name` to `replacement`, now and in
// objects loaded later; returns the previous target (nullptr when name had
// none, or on bad arguments).
__attribute__((visibility("default"))) void* ldr_set_function(const char* name, void* replacement) {
  if (name == nullptr || name[0] == '\0' || replacement == nullptr) return nullptr;
  LoaderLock lock;
  Runtime& rt = runtime();
  uintptr_t previous = interpose::current(rt, name);
  interpose::Rule* r = interpose::function_rule(rt, name);
  if (r == nullptr) return nullptr;
  uintptr_t target = reinterpret_cast<uintptr_t>(replacement);
  // The definition's module is ldr itself, never unloaded: the replacement
  // may live in an object dlclose removes later (restoring first is the
  // caller's duty, as with Amiga's SetFunction).
  r->lib = rt.self;
  const_cast<elf::Elf64_Sym*>(r->sym)->st_value = target;
  r->active = true;
  uint32_t slots = 0;
  for (const Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->missing || m->kind == ModuleKind::kVdso || m->kind == ModuleKind::kLoader || !m->relocated)
      continue;
    slots += interpose::rebind_module(rt, *m, name, target);
  }
  r->uses += slots;
  if (diag::tracing(diag::kTraceBindings)) {
    diag::TraceLine().str("set_function: `").str(name).str("' -> 0x").hex(target).str(" (was 0x")
        .hex(previous).str("), ").dec(slots).str(" slots rebound");
  }
  return reinterpret_cast<void*>(previous);
}

// <ldr/ldr.h>: what `name` binds to without interposition (no rules, no
// set_function): the definition in the global scope, IFUNCs resolved.
__attribute__((visibility("default"))) void* ldr_original_function(const char* name) {
  if (name == nullptr) return nullptr;
  LoaderLock lock;
  return reinterpret_cast<void*>(interpose::original(runtime(), name));
}

}  // extern "C"
