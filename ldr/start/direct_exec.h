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

// glibc's rtld_chain_load, for a program about to run: one that is the
// loader itself (its soname is ldr's) fails with "SONAME: loader cannot load
// itself" (127); one not dynamically linked (no DT_NEEDED, no PT_INTERP: a
// static or static-PIE program) is executed from `path` with the program's
// argv and environment, as if ldr had not been asked; when execve fails,
// "SONAME: cannot execute PATH: ENAME" (127). Returns for every other program.
void chain_load_if_not_dynamic(Runtime& rt, const Module& main, const char* path, bool has_interp);

}  // namespace ldr
