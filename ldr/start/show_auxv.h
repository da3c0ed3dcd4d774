// SPDX-License-Identifier: MIT
// LD_SHOW_AUXV: the auxiliary vector the kernel passed, printed as glibc
// 2.36's _dl_show_auxv prints it. Reads only; never run in secure mode.
#pragma once

#include <cstdint>

namespace ldr {

// One line per entry on standard output, for each LD_SHOW_AUXV= in envp
// (glibc prints once per such variable), before anything rewrites auxv.
void show_auxv_if_asked(char* const* envp, const uint64_t* auxv);

}  // namespace ldr
