/* SPDX-License-Identifier: MIT
 * libgreet: a libc-free library with a constructor, thread-local state and
 * an IFUNC, to show ldr at work. */
#include "rt.h"

static __thread int calls __attribute__((tls_model("initial-exec")));  /* initial-exec TLS */
static int ready;

__attribute__((constructor)) static void greet_init(void) { ready = 1; }

static const char *shout_plain(void) { return "hello"; }
static const char *(*resolve_shout(void))(void) { return shout_plain; }
const char *shout(void) __attribute__((ifunc("resolve_shout")));

int greet(const char *who) {
  calls++;
  rt_print(shout());
  rt_print(", ");
  rt_print(who);
  rt_print("! (libgreet call ");
  rt_print_dec(calls);
  rt_print(ready ? ", constructed)\n" : ", NOT constructed)\n");
  return calls;
}
