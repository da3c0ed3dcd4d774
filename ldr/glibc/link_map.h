// SPDX-License-Identifier: MIT
// glibc-layout struct link_map for each module: the record libc's
// dl_iterate_phdr, _dl_addr, call_init and __cxa_thread_atexit_impl read,
// and libthread_db inspects. Offsets come from the generated layout.
#pragma once

#include "diag/diag.h"

namespace ldr {
struct Runtime;
struct Module;
}  // namespace ldr

namespace ldr::glibc {

// Fills every module's link map (publish_link_maps made the public head) and
// rewrites .dynamic pointers in place as glibc does. Before relocation.
[[nodiscard]] bool fill_link_maps(Runtime& rt, Diag& diag);

// One module's link map (dlopen's new objects).
[[nodiscard]] bool fill_link_map(Runtime& rt, Diag& diag, Module* m);
void mark_link_map_relocated(Module* m);

// After static TLS is laid out: the TLS fields of each map.
void fill_link_map_tls(const Runtime& rt);

// After relocation: l_relocated and l_init_called.
void mark_link_maps_relocated(const Runtime& rt);

}  // namespace ldr::glibc
