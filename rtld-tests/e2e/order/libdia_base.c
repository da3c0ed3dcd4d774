/* SPDX-License-Identifier: MIT
 * libdia_base: the bottom of a diamond; counts its constructor runs.
 *   main_diamond -> libdia_left.so, libdia_right.so -> libdia_base.so */
#include "e2e.h"

static int init_count;
__attribute__((constructor)) static void base_ctor(void) {
  init_count++;
  rt_puts("ctor libdia_base");
}
int dia_base_init_count(void) { return init_count; }
const char *dia_base_name(void) { return "libdia_base"; }
