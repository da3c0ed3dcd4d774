/* SPDX-License-Identifier: MIT
 * libsearch_b: the transitive dependency, found only through the
 * program's DT_RPATH.  libsearch_a.so -> libsearch_b.so */
#include "e2e.h"

const char *search_b(void) { return "libsearch_a -> libsearch_b"; }
