/* SPDX-License-Identifier: MIT
 * hello: a libc-free program that links libgreet and reports how it was
 * started, under ldr as its interpreter or by `ldr ./hello`. */
#include "rt.h"

int greet(const char *who);

__thread long counter = 40;  /* local-exec TLS in the executable */

int main(int argc, char **argv) {
  greet("world");
  greet(argc > 1 ? argv[1] : "ldr");
  counter += 2;
  rt_print("argv[0]=");
  rt_puts(argv[0]);
  rt_print("tls counter=");
  rt_print_dec(counter);
  rt_print("\nAT_EXECFN=");
  rt_puts((const char *)rt_getauxval(31));
  return 0;
}
