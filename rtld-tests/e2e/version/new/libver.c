/* SPDX-License-Identifier: MIT
 * libver.so.1, NEW: ver_func@VERS_1 (compatibility) and ver_func@@VERS_2
 * (default) via .symver.  main_ver_old and main_ver_new find it at run time. */
#include "e2e.h"

const char *ver_func_v1(void) { return "ver_func@VERS_1 from the new library"; }
const char *ver_func_v2(void) { return "ver_func@@VERS_2 from the new library"; }
__asm__(".symver ver_func_v1, ver_func@VERS_1");
__asm__(".symver ver_func_v2, ver_func@@VERS_2");
