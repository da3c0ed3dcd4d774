// SPDX-License-Identifier: MIT
// `ldr PROGRAM ARGS...`: after ldr maps the program itself, the initial stack
// is rewritten so the program sees a normal start: argc/argv without ldr's
// own arguments, and auxv entries describing the program.
#pragma once

#include <cstdint>

namespace ldr {

struct Runtime;
struct Module;

// Removes argv[0..program_index) from the stack at sp (keeping 16-byte
// alignment), updates rt.startup, and returns the new stack pointer.
uintptr_t* drop_loader_arguments(Runtime& rt, uintptr_t* sp, int program_index);

// Rewrites AT_PHDR, AT_PHNUM, AT_ENTRY, AT_EXECFN and AT_BASE for `main`.
void rewrite_auxv(Runtime& rt, const Module& main, const char* execfn);

}  // namespace ldr
