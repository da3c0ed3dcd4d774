/* SPDX-License-Identifier: MIT
 * libgone: built only to link main_missing_lib against; its directory is on
 * no search path, so it is missing at run time.  main_missing_lib -> libgone.so */
#include "e2e.h"

int gone(void) { return 1; }
