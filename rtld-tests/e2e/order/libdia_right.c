/* SPDX-License-Identifier: MIT
 * libdia_right: one side of the diamond.
 *   main_diamond -> libdia_left.so, libdia_right.so -> libdia_base.so */
#include "e2e.h"

const char *dia_base_name(void);
__attribute__((constructor)) static void right_ctor(void) { rt_puts("ctor libdia_right"); }
const char *dia_right_base(void) { return dia_base_name(); }
