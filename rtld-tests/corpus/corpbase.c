/* SPDX-License-Identifier: MIT
 * libcorpbase.so.1: a versioned dependency of libcorp, so that libcorp has a
 * DT_VERNEED chain (BASE_1.0) as well as its own definitions. */
#include "rt.h"

int base_value(void) { return 7; }
