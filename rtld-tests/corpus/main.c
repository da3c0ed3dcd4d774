/* SPDX-License-Identifier: MIT
 * The good program of the corpus: calls libcorp (versioned, through the PLT)
 * and exits 0 when the answer is right. */
#include "rt.h"

int corp_value(int i);
extern int corp_counter;

int main(void) {
  int v = corp_value(1); /* 30 + 6 + 7 + 3 */
  if (v != 46 || corp_counter != 30) {
    rt_eprint("corpus main: wrong answer\n");
    return 1;
  }
  rt_puts("corpus main ok");
  rt_exit(0); /* skip glibc 2.36's _dl_fini, which asserts on libc-free programs */
}
