/* SPDX-License-Identifier: MIT
 * librelr: tables of pointers, linked with -z pack-relative-relocs so the
 * relative relocations are DT_RELR.  main_relr -> librelr.so */
#include "e2e.h"

static int v0 = 1, v1 = 2, v2 = 3, v3 = 4, v4 = 5, v5 = 6, v6 = 7, v7 = 8, v8 = 9;
static int *table[] = {&v0, &v1, &v2, &v3, &v4, &v5, &v6, &v7, &v8, 0, &v0, &v8};
static const char *names[] = {"one", "two", "three"};

int relr_sum(void) {
  int s = 0;
  for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++)
    if (table[i]) s += *table[i];
  return s;
}
const char *relr_name(int i) { return names[i]; }
