// SPDX-License-Identifier: MIT
// The "bare" personality: programs with no libc. ldr itself runs every
// initializer, the executable's included; the TCB holds only what the
// compiler and the psABI define (self pointer, DTV, stack and pointer guards).
#include "personality/personality.h"

#include "runtime.h"

namespace ldr {

namespace {

bool set_surplus(Runtime& rt, Diag&) {
  rt.tls.surplus = 0x680;  // as glibc's default, so later dlopen has room for IE TLS
  return true;
}
bool no_op(Runtime&, Diag&) { return true; }
bool no_tcb(Runtime&, Diag&, unsigned char*) { return true; }
bool no_open(Runtime&, Diag&, Module* const*, uint32_t) { return true; }

constexpr Personality kBare = {
    .name = "bare",
    .link_map_size = sizeof(LinkMap),
    .tcb_size = 0x100,
    .tcb_align = 64,
    .runs_executable_init = true,
    .after_load = set_surplus,
    .init_tcb = no_tcb,
    .before_init = no_op,
    .after_open = no_open,
    .after_open_relocated = no_open,
};

}  // namespace

const Personality& bare_personality() { return kBare; }

}  // namespace ldr
