/* SPDX-License-Identifier: MIT
 * greet1, greet2, greet3: one program built three times, each declaring
 * with LDR_REQUIRE that it needs at least version REQUIRED of libgreet.so.1.
 * Its RUNPATH lists v1/ (1.2) before v2/ (2.3): ldr skips a candidate that
 * is too old, so greet1 gets 1.2, greet2 gets 2.3, and greet3 stops with
 * glibc's one-line error naming both candidates. libc-free. */
#include <ldr/version.h>

#include "rt.h"

LDR_REQUIRE("libgreet.so.1", REQUIRED, 0);

const char *greet_release(void);
void greet_say(const char *who);

int main(int argc, char **argv) {
  (void)argc;
  rt_print(argv[0]);
  rt_print(" requires libgreet.so.1 version ");
  rt_print_dec(REQUIRED);
  rt_print(" or later and got ");
  rt_puts(greet_release());
  greet_say("Amiga");
  return 0;
}
