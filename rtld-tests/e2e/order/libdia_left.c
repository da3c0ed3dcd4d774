/* SPDX-License-Identifier: MIT
 * libdia_left: one side of the diamond.
 *   main_diamond -> libdia_left.so, libdia_right.so -> libdia_base.so */
#include "e2e.h"

const char *dia_base_name(void);
int dia_base_init_count(void);
__attribute__((constructor)) static void left_ctor(void) { rt_puts("ctor libdia_left"); }
const char *dia_left_base(void) { return dia_base_name(); }
int dia_left_base_count(void) { return dia_base_init_count(); }
