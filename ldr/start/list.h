// SPDX-License-Identifier: MIT
// The --list / LD_TRACE_LOADED_OBJECTS output, in ldd's format (ldd -u's too).
#pragma once

namespace ldr {

struct Runtime;

// Prints one line per loaded object (the executable excluded), as glibc does;
// objects with an LDR version note get " version V.R" and, when a requester
// asked for a minimum, " (required V.R by REQUESTER)" after the address.
void print_dependency_list(const Runtime& rt);

// LD_DEBUG=unused with a listing (ldd -u; glibc rtld.c): under "Unused
// direct dependencies:", each DT_NEEDED object of the executable that none
// of its relocations (PLT slots included: glibc binds them now for this)
// binds to. True when one is named.
bool print_unused_dependencies(Runtime& rt);

}  // namespace ldr
