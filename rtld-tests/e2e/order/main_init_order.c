/* SPDX-License-Identifier: MIT
 * main_init_order: initializers run dependencies first, finalizers in the
 * reverse order, the program's own included (bare personality).
 *   main_init_order -> libinit_a.so -> libinit_c.so;  main_init_order -> libinit_b.so */
#include "e2e.h"

void libinit_a(void), libinit_b(void);

__attribute__((constructor)) static void main_ctor(void) { rt_puts("ctor main_init_order"); }
__attribute__((destructor)) static void main_dtor(void) { rt_puts("dtor main_init_order"); }

int main(void) {
  rt_puts("main begins");
  libinit_a();
  libinit_b();
  rt_puts("main returns");
  return 0;
}
