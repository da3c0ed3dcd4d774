/* SPDX-License-Identifier: MIT
 * libifunc_ref: takes the address of an IFUNC the program defines, so the
 * reference is a GLOB_DAT bound at start-up, before the program is relocated.
 *   main_ifunc_ref -> libifunc_ref.so */
#include "e2e.h"

int exe_ifunc(void);
int (*volatile lib_exe_ifunc_ptr)(void) = exe_ifunc;

int lib_calls_exe_ifunc_ptr(void) { return lib_exe_ifunc_ptr(); }
