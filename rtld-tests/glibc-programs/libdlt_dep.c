/* SPDX-License-Identifier: MIT
 * libdlt_dep: the DT_NEEDED dependency of libdlt_main, opened only through
 * it. Defines dlt_hook, which dl_api's own dlt_hook interposes and reaches
 * with RTLD_NEXT. No TLS and no destructor (ldr does not unload yet). */
#include <stdio.h>

__attribute__((constructor)) static void dlt_dep_init(void) { puts("init: libdlt_dep"); }

int dlt_hook(int x) { return x * 2; }

int dlt_dep_value(void) { return 7; }

const char dlt_dep_label[] = "dep-data";
