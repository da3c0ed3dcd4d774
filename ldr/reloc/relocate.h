// SPDX-License-Identifier: MIT
// Relocation of one module, all eager: RELR, then DT_RELA, then DT_JMPREL,
// each table's IRELATIVE entries after its others (glibc elf/do-rel.h), then
// RELRO made read-only. Symbolic references go through symbol/lookup once per
// symbol index.
#pragma once

#include "diag/diag.h"

namespace ldr {

struct Runtime;
struct Module;

[[nodiscard]] bool relocate_module(Runtime& rt, Diag& diag, Module* m);

// Relocates every module except ldr itself, in initialization order
// (rt.init_order: dependencies before dependents, as glibc 2.36 does).
[[nodiscard]] bool relocate_all(Runtime& rt, Diag& diag);

// Fills the PLT slots whose IFUNC provider was not relocated when their
// object was (relocate_all does this; dlopen calls it after its objects).
void finish_deferred_ifuncs(Runtime& rt);

// Forgets deferred PLT slots (their objects are being unmapped after a failed dlopen).
void drop_deferred_ifuncs();

}  // namespace ldr
