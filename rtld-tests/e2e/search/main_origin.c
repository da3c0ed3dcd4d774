/* SPDX-License-Identifier: MIT
 * main_origin: RUNPATH $ORIGIN/search/origin_libs; run from another working
 * directory, so $ORIGIN must be the program's directory, not ".".
 *   main_origin -> liborigin.so */
#include "e2e.h"

const char *origin_where(void);

int main(void) {
  say("origin_where", origin_where());
  return 0;
}
