// SPDX-License-Identifier: MIT
// The "bare" personality: programs with no libc. ldr itself runs every
// initializer, the executable's included; the TCB holds only what the
// compiler and the psABI define (self pointer, DTV, stack and pointer guards).
#include "personality/personality.h"

#include "runtime.h"

namespace ldr {

namespace {

bool no_op(Runtime&, Diag&) { return true; }
void no_tcb(Runtime&, unsigned char*) {}

constexpr Personality kBare = {
    .name = "bare",
    .link_map_size = sizeof(LinkMap),
    .tcb_size = 0x100,
    .tcb_align = 64,
    .tls_surplus = 0x680,  // as glibc's default, so later dlopen has room for IE TLS
    .runs_executable_init = true,
    .after_load = no_op,
    .init_tcb = no_tcb,
    .before_init = no_op,
};

}  // namespace

const Personality& select_personality(const Runtime&) { return kBare; }

}  // namespace ldr
