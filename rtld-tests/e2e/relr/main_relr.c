/* SPDX-License-Identifier: MIT
 * main_relr: a PIE with its own DT_RELR pointer table, using librelr.
 *   main_relr -> librelr.so */
#include "e2e.h"

int relr_sum(void);
const char *relr_name(int i);

static const char *words[] = {"alpha", "beta", "gamma", "delta", "epsilon"};
static const char **word_ptrs[] = {&words[0], &words[1], &words[2], &words[3], &words[4]};

int main(void) {
  say_num("library table sum (45 + 1 + 9)", relr_sum());
  say("library names", relr_name(2));
  rt_print("program words:");
  for (int i = 0; i < 5; i++) {
    rt_print(" ");
    rt_print(*word_ptrs[i]);
  }
  rt_print("\n");
  return 0;
}
