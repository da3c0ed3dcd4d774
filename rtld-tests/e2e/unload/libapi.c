/* SPDX-License-Identifier: MIT
 * libapi.so.1 (version 2.3, in v23/) and libapi_plain.so (no version note):
 * what ldr_open_library negotiates with. */
#include <ldr/version.h>

#include "e2e.h"

#ifdef VERSIONED
LDR_LIBRARY_VERSION(2, 3);
#endif

int api_answer(void) { return 42; }
