/* SPDX-License-Identifier: MIT
 * libinit_{a,b,c}: one source built three times (-DNAME=...); each prints
 * its constructors (init_array, in order, receiving argc/argv) and
 * destructors (fini_array, in reverse).
 *   main_init_order -> libinit_a.so -> libinit_c.so;  main_init_order -> libinit_b.so */
#include "e2e.h"

#define STR2(x) #x
#define STR(x) STR2(x)

__attribute__((constructor(101))) static void ctor_first(int argc, char **argv) {
  rt_print("ctor " STR(NAME) " first, argc=");
  rt_print_dec(argc);
  rt_print(", argv[1]=");
  rt_puts(argc > 1 ? argv[1] : "(none)");
}
__attribute__((constructor(102))) static void ctor_second(void) { rt_puts("ctor " STR(NAME) " second"); }
__attribute__((destructor(102))) static void dtor_second(void) { rt_puts("dtor " STR(NAME) " second"); }
__attribute__((destructor(101))) static void dtor_first(void) { rt_puts("dtor " STR(NAME) " first"); }

void NAME(void) { rt_puts("call " STR(NAME)); }
