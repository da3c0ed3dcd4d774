// SPDX-License-Identifier: MIT
// The initial thread's static TLS: module ids, the layout, one allocation for
// the blocks and the TCB, the DTV, the guards, and the thread pointer.
#pragma once

#include "diag/diag.h"

namespace ldr {

struct Runtime;

// Assigns module ids and offsets, allocates the static block and the DTV,
// fills the TCB (self pointer, DTV, stack and pointer guards from AT_RANDOM)
// and sets %fs. Runs before relocation: TPOFF relocations need the offsets.
[[nodiscard]] bool setup_static_tls(Runtime& rt, Diag& diag);

// Copies each module's TLS initialisation image into the initial thread's
// block. Runs after relocation: the images can hold relocated data.
void init_static_tls_images(const Runtime& rt);

}  // namespace ldr
