/* SPDX-License-Identifier: MIT
 * liborigin: found through RUNPATH $ORIGIN/search/origin_libs.
 *   main_origin -> liborigin.so */
#include "e2e.h"

const char *origin_where(void) { return "liborigin found beside the program"; }
