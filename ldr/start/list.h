// SPDX-License-Identifier: MIT
// The --list / LD_TRACE_LOADED_OBJECTS output, in ldd's format.
#pragma once

namespace ldr {

struct Runtime;

// Prints one line per loaded object (the executable excluded), as glibc does;
// objects with an LDR version note get " version V.R" and, when a requester
// asked for a minimum, " (required V.R by REQUESTER)" after the address.
void print_dependency_list(const Runtime& rt);

}  // namespace ldr
