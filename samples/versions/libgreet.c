/* SPDX-License-Identifier: MIT
 * libgreet.so.1, built twice from this source: version 1.2 (v1/) and 2.3
 * (v2/), the same soname, as two releases of one library installed in two
 * directories. GREET_VERSION, GREET_REVISION and GREET_DIR come from the
 * build. libc-free. */
#include <ldr/version.h>

#include "rt.h"

#define STR2(x) #x
#define STR(x) STR2(x)

LDR_LIBRARY_VERSION(GREET_VERSION, GREET_REVISION);
LDR_LIBRARY_IDSTRING("libgreet.so.1 " STR(GREET_VERSION) "." STR(GREET_REVISION) " (27.11.2026)");

/* "libgreet 2.3 from v2/" */
const char *greet_release(void) {
  return "libgreet " STR(GREET_VERSION) "." STR(GREET_REVISION) " from " GREET_DIR "/";
}

void greet_say(const char *who) {
  rt_print("hello, ");
  rt_print(who);
  rt_print(", from ");
  rt_puts(greet_release());
}
