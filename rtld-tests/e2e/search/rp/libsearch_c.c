/* SPDX-License-Identifier: MIT
 * libsearch_c in search/rp: the copy the programs' RUNPATH/RPATH name.
 *   main_llp_runpath, main_llp_rpath -> libsearch_c.so */
#include "e2e.h"

const char *search_c(void) { return "libsearch_c from search/rp"; }
