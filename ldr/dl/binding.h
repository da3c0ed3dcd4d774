// SPDX-License-Identifier: MIT
// What a symbol binding means for unloading (glibc elf/dl-lookup.c
// add_dependency and do_lookup_unique): an object opened at run time that
// another one binds to outside its DT_NEEDED closure becomes a relocation
// dependency of it (kept loaded as long as it is); bound from an object that
// is never unloaded, or defining an STB_GNU_UNIQUE symbol, it becomes
// NODELETE. Records only; unloading itself is dl/close.cc.
#pragma once

#include "symbol/lookup.h"

namespace ldr {

struct Module;
struct Runtime;

// `undef` (nullptr: the executable) bound a symbol to def. for_relocate:
// during a dlopen's relocation, so NODELETE is only pending until the dlopen
// succeeds; add_dependency: record the edge (relocations and dlsym with
// RTLD_DEFAULT/RTLD_NEXT, as glibc's DL_LOOKUP_ADD_DEPENDENCY).
void note_binding(Runtime& rt, Module* undef, const Definition& def, bool for_relocate,
                  bool add_dependency);

// After a successful dlopen: pending NODELETE marks take effect.
void activate_nodelete(Runtime& rt);

// After a failed dlopen: pending marks on the objects that stay are dropped.
void drop_pending_nodelete(Runtime& rt);

}  // namespace ldr
