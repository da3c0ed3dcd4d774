/* SPDX-License-Identifier: MIT
 * libdep_basic: a plain function library.  main_basic (PIE and ET_EXEC)
 *   main_basic -> libdep_basic.so */
#include "e2e.h"

const char *basic_greeting(void) { return "hello from libdep_basic"; }
int basic_add(int a, int b) { return a + b; }
