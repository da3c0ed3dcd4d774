// SPDX-License-Identifier: MIT
// The debugger interface (SVR4 / glibc <link.h>): _r_debug, whose r_map lists
// every object; _dl_debug_state, the function debuggers break on; and the
// executable's DT_DEBUG pointing at _r_debug.
#pragma once

#include <cstdint>

#include "module/module.h"

namespace ldr {

struct Runtime;

struct RDebug {
  int r_version;
  LinkMap* r_map;
  uintptr_t r_brk;
  int r_state;  // RT_CONSISTENT, RT_ADD, RT_DELETE
  uintptr_t r_ldbase;
};
static_assert(sizeof(RDebug) == 40);

inline constexpr int kRtConsistent = 0, kRtAdd = 1, kRtDelete = 2;

// Gives every module its link_map record (sized by the personality) and
// chains them in load order.
[[nodiscard]] bool publish_link_maps(Runtime& rt);

// Announces a change (RT_ADD/RT_DELETE) or its end (RT_CONSISTENT) to a debugger.
void notify_debugger(Runtime& rt, int state);

// Start-up's RT_ADD, as glibc's: the chain a debugger reads at that stop is
// the program alone (libthread_db would read unrelocated data of libc), while
// r_map already points at the program's link map, the head that never
// changes (an executable's COPY of _r_debug keeps seeing the whole chain).
void notify_startup_loading(Runtime& rt);

}  // namespace ldr

extern "C" {
extern ldr::RDebug _r_debug;
void _dl_debug_state();
}
