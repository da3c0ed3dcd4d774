/* SPDX-License-Identifier: MIT
 * libsym, LEAN: the run-time library, lacking sym_vanishing.
 *   main_missing_sym{,_lazy} -> lean/libsym.so (via RUNPATH $ORIGIN/errors/lean) */
#include "e2e.h"

int sym_present(void) { return 1; }
