// SPDX-License-Identifier: MIT
// Which personality serves the loaded closure: glibc's when libc.so.6 is in
// it, otherwise "bare".
#include "glibc/personality.h"
#include "personality/personality.h"

namespace ldr {

const Personality& select_personality(Runtime& rt) {
  if (const Personality* p = glibc::glibc_personality(rt)) return *p;
  return bare_personality();
}

}  // namespace ldr
