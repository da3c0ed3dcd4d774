// SPDX-License-Identifier: MIT
// ldd-format listing (glibc rtld.c, trace mode):
//   "\tNAME => PATH (0xADDR)", "\tNAME (0xADDR)", "\tNAME => not found".
#include "start/list.h"

#include "base/fmt.h"
#include "base/mem.h"
#include "runtime.h"
#include "version/require.h"

namespace ldr {

void print_dependency_list(const Runtime& rt) {
  base::FdWriter w(1);
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

}  // namespace ldr
