/* SPDX-License-Identifier: MIT
 * main_missing_sym (-z now) / main_missing_sym_lazy: sym_vanishing is
 * defined by the link-time libsym but not by the run-time one.
 *   main_missing_sym -> libsym.so (lean: no sym_vanishing) */
#include "e2e.h"

int sym_present(void);
int sym_vanishing(void);

int main(void) {
  say_num("sym_present", sym_present());
  say_num("sym_vanishing", sym_vanishing());
  return 0;
}
