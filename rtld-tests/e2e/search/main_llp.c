/* SPDX-License-Identifier: MIT
 * main_llp_runpath (RUNPATH $ORIGIN/search/rp) and main_llp_rpath (RPATH
 * $ORIGIN/search/rp): which libsearch_c wins against LD_LIBRARY_PATH and
 * --library-path (search/lp).   main -> libsearch_c.so (lp/ or rp/) */
#include "e2e.h"

const char *search_c(void);

int main(void) {
  say("search_c", search_c());
  return 0;
}
