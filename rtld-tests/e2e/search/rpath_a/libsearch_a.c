/* SPDX-License-Identifier: MIT
 * libsearch_a: a direct dependency, with no RPATH/RUNPATH of its own; its
 * dependency libsearch_b lives in another directory.
 *   main_rpath, main_runpath -> libsearch_a.so -> libsearch_b.so */
#include "e2e.h"

const char *search_b(void);
const char *search_a(void) { return search_b(); }
