/* SPDX-License-Identifier: MIT
 * libver.so.1, OLD: defines ver_func only at VERS_1.
 *   main_ver_old links against this; main_ver_missing finds it at run time. */
#include "e2e.h"

const char *ver_func(void) { return "ver_func from the old library (VERS_1)"; }
