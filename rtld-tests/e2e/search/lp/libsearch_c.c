/* SPDX-License-Identifier: MIT
 * libsearch_c in search/lp: the copy LD_LIBRARY_PATH and --library-path name.
 *   main_llp_runpath, main_llp_rpath -> libsearch_c.so */
#include "e2e.h"

const char *search_c(void) { return "libsearch_c from search/lp"; }
