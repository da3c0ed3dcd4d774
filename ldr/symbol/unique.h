// SPDX-License-Identifier: MIT
// STB_GNU_UNIQUE symbols (glibc elf/dl-lookup.c do_lookup_unique): one
// definition of each such name for the whole process, whatever the scope of
// the object that asks — C++ template statics and inline-function statics
// stay single even across RTLD_LOCAL libraries. The first definition a
// lookup finds becomes the process's. Lookups run under the loader lock.
#pragma once

#include "symbol/lookup.h"

namespace ldr {

struct Runtime;

// found is a definition of ref with binding STB_GNU_UNIQUE: returns the
// process's definition of that name (found itself the first time).
Definition unique_definition(Runtime& rt, const SymbolRef& ref, const Definition& found);

}  // namespace ldr
