/* SPDX-License-Identifier: MIT
 * libunl_top and libunl_bottom: one source built twice (-DNAME=...); each
 * prints its constructor and destructor, so unloading shows in the output.
 *   main_unload -(ldr_open_library)-> libunl_top.so -> libunl_bottom.so */
#include "e2e.h"

#define STR2(x) #x
#define STR(x) STR2(x)

__attribute__((constructor)) static void ctor(void) { rt_puts("ctor " STR(NAME)); }
__attribute__((destructor)) static void dtor(void) { rt_puts("dtor " STR(NAME)); }

#ifdef NEEDS_BOTTOM
int libunl_bottom_value(void);
int libunl_top_value(void) { return libunl_bottom_value() + 1; }
#else
int libunl_bottom_value(void) { return 41; }
#endif
