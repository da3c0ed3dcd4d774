/* SPDX-License-Identifier: MIT
 * Programs for the valid cycle cases: main_self uses libself.so.1 (which
 * needs itself), main_cyc uses libcyca.so.1 <-> libcycb.so.1. */
#include "rt.h"

#ifdef SELF
int self_value(void);
int main(void) {
  if (self_value() != 11) return 1;
  rt_puts("self ok");
  rt_exit(0); /* skip glibc 2.36's _dl_fini, which asserts on libc-free programs */
}
#else
int cyca_sum(void);
int cycb_sum(void);
int main(void) {
  if (cyca_sum() != 42 || cycb_sum() != 42) return 1;
  rt_puts("cycle ok");
  rt_exit(0);
}
#endif
