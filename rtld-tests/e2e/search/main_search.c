/* SPDX-License-Identifier: MIT
 * main_rpath / main_runpath: the same program with
 * "$ORIGIN/search/rpath_a:$ORIGIN/search/rpath_b" as DT_RPATH
 * (--disable-new-dtags) or DT_RUNPATH.  RPATH also serves libsearch_a's
 * needs; RUNPATH serves only the program's own.
 *   main -> search/rpath_a/libsearch_a.so -> search/rpath_b/libsearch_b.so */
#include "e2e.h"

const char *search_a(void);

int main(void) {
  say("search_a", search_a());
  return 0;
}
