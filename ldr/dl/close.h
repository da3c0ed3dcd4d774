// SPDX-License-Identifier: MIT
// Unloading (glibc 2.36 elf/dl-close.c): dl_close drops a handle's open
// count; when it reaches zero, every object opened at run time that nothing
// still needs is finalized, unmapped, unlinked and its memory reused.
#pragma once

#include <cstdint>

#include "diag/diag.h"

namespace ldr {

struct Module;
struct Runtime;

// dlclose(handle). -1 with diag set ("shared object not open") for a handle
// that is not open; 0 otherwise, also when nothing could be unloaded.
int dl_close(Runtime& rt, Diag& diag, Module* m);

// The records of a module that is no longer in the load list go back to the
// arena (also used by dlopen's roll-back). Its mappings must be gone.
void release_module(Runtime& rt, Module* m);

}  // namespace ldr
