/* SPDX-License-Identifier: MIT
 * libsym, FULL: the link-time library, defining both symbols.
 *   main_missing_sym{,_lazy} link against full/libsym.so, run with lean/libsym.so */
#include "e2e.h"

int sym_present(void) { return 1; }
int sym_vanishing(void) { return 2; }
