/* SPDX-License-Identifier: MIT
 * libdlt_main: the library dl_api dlopens. It needs libdlt_dep (DT_NEEDED)
 * and defines dlt_versioned in two versions (DLT_1.0, and DLT_2.0 as the
 * default) for dlvsym. No TLS and no destructor (ldr does not unload yet). */
#include <stdio.h>

int dlt_hook(int x);
int dlt_dep_value(void);

__attribute__((constructor)) static void dlt_main_init(void) { puts("init: libdlt_main"); }

/* dlt_hook binds to the first definition in the global scope: dl_api's. */
int dlt_main_value(void) { return dlt_hook(10) + dlt_dep_value(); }

int dlt_versioned_v1(void) { return 1; }
int dlt_versioned_v2(void) { return 2; }
__asm__(".symver dlt_versioned_v1, dlt_versioned@DLT_1.0");
__asm__(".symver dlt_versioned_v2, dlt_versioned@@DLT_2.0");

int dlt_counter = 41;
