// SPDX-License-Identifier: MIT
// ldd-format listing (glibc rtld.c, trace mode):
//   "\tNAME => PATH (0xADDR)", "\tNAME (0xADDR)", "\tNAME => not found".
#include "start/list.h"

#include "base/fmt.h"
#include "base/mem.h"
#include "runtime.h"

namespace ldr {

void print_dependency_list(const Runtime& rt) {
  base::Writer w(1);
  for (const Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->is_executable()) continue;
    w.ch('\t');
    if (m->missing) {
      w.str(m->name).str(" => not found\n");
      continue;
    }
    const char* path = m->path != nullptr ? m->path : m->name;
    if (base::str_eq(m->name, path)) w.str(m->name);
    else w.str(m->name).str(" => ").str(path);
    w.str(" (0x").hex(m->map_start, 16).str(")\n");
  }
}

}  // namespace ldr
