// SPDX-License-Identifier: MIT
// ldd-format listing (glibc rtld.c, trace mode):
//   "\tNAME => PATH (0xADDR)", "\tNAME (0xADDR)", "\tNAME => not found";
// and ldd -u's unused direct dependencies.
#include "start/list.h"

#include "arch/x86_64/machine.h"
#include "base/fmt.h"
#include "base/mem.h"
#include "runtime.h"
#include "symbol/lookup.h"
#include "symbol/version.h"
#include "version/require.h"

namespace ldr {

void print_dependency_list(const Runtime& rt) {
  base::FdWriter w(1);
  // glibc: nothing for a program without a dynamic section, and for one
  // without DT_NEEDED (a static PIE, a loader) that one line, whatever else
  // was preloaded.
  if (rt.main != nullptr && rt.main->dyn.dynamic == nullptr) return;
  if (rt.main != nullptr && rt.main->dyn.needed_count == 0) {
    w.str("\tstatically linked\n");
    return;
  }
  for (const Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->is_executable()) {
      // glibc prints the program's empty name: "\t (0xADDR)".
      if (rt.options.trace_program && rt.options.mode == Mode::kTrace)
        w.str("\t (0x").hex(m->map_start, 16).str(")\n");
      continue;
    }
    w.ch('\t');
    if (m->missing) {
      w.str(m->name).str(" => not found\n");
      continue;
    }
    const char* path = m->path != nullptr ? m->path : m->name;
    if (base::str_eq(m->name, path)) w.str(m->name);
    else w.str(m->name).str(" => ").str(path);
    w.str(" (0x").hex(m->map_start, 16).ch(')');
    // ldr's addition: the version note, and the requirement it met.
    ProvidedVersion have = module_version(*m);
    if (have.present) w.str(" version ").dec(have.version).ch('.').dec(have.revision);
    if (m->required_by != nullptr) {
      w.str(" (required ").dec(m->required_version).ch('.').dec(m->required_revision)
          .str(" by ").str(m->required_by).ch(')');
    }
    w.nl();
  }
}

namespace {

// Marks in used[] the dependency of main (its deps[] index) that defines the
// symbol relocation r of main refers to, as glibc's lookup sets l_used.
void mark_definer(const Runtime& rt, const Module& main, const elf::Elf64_Rela& r, bool* used) {
  uint32_t idx = elf::ELF64_R_SYM(r.r_info);
  const elf::DynamicInfo& d = main.dyn;
  if (idx == 0 || idx >= d.sym_limit || d.symtab[idx].st_name >= d.strsz) return;
  const elf::Elf64_Sym& sym = d.symtab[idx];
  bool copy = elf::ELF64_R_TYPE(r.r_info) == arch::R_X86_64_COPY;
  if (elf::ELF64_ST_BIND(sym.st_info) == elf::STB_LOCAL || (sym.st_shndx != elf::SHN_UNDEF && !copy)) return;
  SymbolRef ref = make_symbol_ref(d.strtab + sym.st_name, needed_version(main, idx));
  ref.plt = elf::ELF64_R_TYPE(r.r_info) == arch::R_X86_64_JUMP_SLOT;
  uint32_t skip = copy && rt.scope_count != 0 && rt.scope[0] == &main ? 1 : 0;  // a COPY's source is not main
  Definition def;
  if (!find_in_list(rt.scope + skip, rt.scope_count - skip, ref, &def)) return;
  for (uint32_t k = 0; k < main.dep_count; ++k)
    if (main.deps[k] == def.module) used[k] = true;
}

}  // namespace

bool print_unused_dependencies(Runtime& rt) {
  const Module& main = *rt.main;
  bool* used = rt.arena.make_array<bool>(main.dep_count + 1);
  if (used == nullptr) return false;
  for (uint32_t k = 0; k < main.dep_count; ++k) used[k] = false;
  const elf::DynamicInfo& d = main.dyn;
  for (uint64_t i = 0; i < d.rela_count; ++i) mark_definer(rt, main, d.rela[i], used);
  for (uint64_t i = 0; i < d.jmprel_count; ++i) mark_definer(rt, main, d.jmprel[i], used);
  base::FdWriter w(1);
  bool any = false;
  for (uint32_t k = 0; k < main.dep_count; ++k) {
    const Module* m = main.deps[k];
    if (used[k] || m == nullptr) continue;
    if (!any) w.str("Unused direct dependencies:\n");
    any = true;
    w.ch('\t').str(m->path != nullptr ? m->path : m->name).nl();
  }
  return any;
}

}  // namespace ldr
