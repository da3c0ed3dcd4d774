// SPDX-License-Identifier: MIT
// Which personality serves the loaded closure: glibc's when libc.so.6 is in
// it, otherwise "bare"; and whose tunables --list-tunables lists.
#include "glibc/personality.h"
#include "personality/personality.h"

namespace ldr {

const Personality& select_personality(Runtime& rt) {
  if (const Personality* p = glibc::glibc_personality(rt)) return *p;
  return bare_personality();
}

void print_libc_tunables(Runtime& rt) { glibc::print_tunables(rt); }
void print_libc_diagnostics(Runtime& rt) { glibc::print_diagnostics(rt); }
bool libc_hwcaps_level_active(Runtime& rt, unsigned level) { return glibc::hwcaps_level_active(rt, level); }

}  // namespace ldr
