/* SPDX-License-Identifier: MIT
 * main_diamond: libdia_base is needed twice but loaded and initialized once.
 *   main_diamond -> libdia_left.so, libdia_right.so -> libdia_base.so */
#include "e2e.h"

const char *dia_left_base(void), *dia_right_base(void);
int dia_left_base_count(void);

int main(void) {
  say("left reaches", dia_left_base());
  say("right reaches", dia_right_base());
  say_num("libdia_base constructor runs", dia_left_base_count());
  return 0;
}
