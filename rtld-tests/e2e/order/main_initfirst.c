/* SPDX-License-Identifier: MIT
 * main_initfirst: a library marked DF_1_INITFIRST (-z initfirst) is
 * initialized before every other object, whatever the dependency order.
 *   main_initfirst -> libinit_a.so -> libinit_c.so;  main_initfirst -> libinit_first.so */
#include "e2e.h"

void libinit_a(void), libinit_first(void);

int main(void) {
  libinit_a();
  libinit_first();
  return 0;
}
