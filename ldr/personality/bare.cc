// SPDX-License-Identifier: MIT
// The "bare" personality: programs with no libc. ldr itself runs every
// initializer, the executable's included; the TCB holds only what the
// compiler and the psABI define (self pointer, DTV, stack and pointer guards).
#include "personality/personality.h"

#include "map/map.h"
#include "tls/dynamic.h"
#include "runtime.h"

namespace ldr {

namespace {

// In secure mode glibc's ld.so rewrites GLIBC_TUNABLES for any program,
// keeping the tunables that are not SXID_ERASE. With no libc nothing reads
// them, so the value becomes empty: children inherit no tunables (glibc
// would pass on the SXID_IGNORE ones; docs/glibc.md).
char g_no_tunables[] = "GLIBC_TUNABLES=";

void clear_tunables_if_secure(Runtime& rt) {
  if (!rt.startup.secure) return;
  for (char** e = rt.startup.envp; *e != nullptr; ++e) {
    const char* a = *e;
    const char* b = g_no_tunables;
    while (*b != '\0' && *a == *b) ++a, ++b;
    if (*b == '\0') *e = g_no_tunables;
  }
}

bool after_load(Runtime& rt, Diag&) {
  rt.tls.surplus = 0x680;  // as glibc's default, so later dlopen has room for IE TLS
  clear_tunables_if_secure(rt);
  return true;
}
bool no_op(Runtime&, Diag&) { return true; }
bool no_tcb(Runtime&, Diag&, unsigned char*) { return true; }
bool no_open(Runtime&, Diag&, Module* const*, uint32_t) { return true; }
bool never_kept(const Runtime&, const Module&) { return false; }
void no_close(Runtime&, Module* const*, uint32_t) {}
void no_api_error(const Diag&) {}
// Without a libc there is one thread: the initial one.
bool make_stacks_executable(Runtime& rt) {
  return make_stack_executable(reinterpret_cast<uintptr_t>(rt.startup.stack), rt.startup.page_size);
}

void init_static_tls(Runtime& rt, const Module& m) {
  tls::init_block(reinterpret_cast<unsigned char*>(rt.tls.tp - static_cast<uint64_t>(m.tls.tp_offset)), m);
}
void no_list_lock(bool) {}

constexpr Personality kBare = {
    .name = "bare",
    .link_map_size = sizeof(LinkMap),
    .tcb_size = 0x100,
    .tcb_align = 64,
    .runs_executable_init = true,
    .after_load = after_load,
    .init_tcb = no_tcb,
    .before_init = no_op,
    .after_open = no_open,
    .after_open_relocated = no_open,
    .init_static_tls = init_static_tls,
    .make_stacks_executable = make_stacks_executable,
    .keeps_loaded = never_kept,
    .after_close = no_close,
    .api_error = no_api_error,
    .lock_object_list = no_list_lock,
};

}  // namespace

const Personality& bare_personality() { return kBare; }

}  // namespace ldr
