/* SPDX-License-Identifier: MIT
 * main_tls_le: local-exec TLS in the executable alone (no libraries):
 * initial values, a zeroed .tbss, a 64-byte aligned variable and the TCB's
 * self pointer at %fs:0 (variant II: the block lies below the TP). */
#include "e2e.h"

static __thread int le_counter = 5;
__thread char le_pad = 'p';
__thread int le_aligned __attribute__((aligned(64))) = 9;
static __thread long le_zero[4];

int main(void) {
  unsigned long tp;
  __asm__("movq %%fs:0, %0" : "=r"(tp));
  le_counter += 1;
  say_num("le_counter (5 + 1)", le_counter);
  say_num("le_pad", le_pad);
  say_num("le_aligned", le_aligned);
  say_yes("le_aligned is 64-byte aligned", ((unsigned long)&le_aligned & 63) == 0);
  say_yes(".tbss is zero", le_zero[0] == 0 && le_zero[3] == 0);
  say_yes("%fs:0 points to itself (TCB self pointer)", tp != 0 && *(unsigned long *)tp == tp);
  say_yes("TLS block lies below the thread pointer", (unsigned long)&le_counter < tp);
  return 0;
}
