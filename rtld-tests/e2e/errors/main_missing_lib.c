/* SPDX-License-Identifier: MIT
 * main_missing_lib: needs libgone.so, which no search path holds.
 *   main_missing_lib -> libgone.so (missing) */
#include "e2e.h"

int gone(void);

int main(void) {
  say_num("gone", gone());
  return 0;
}
