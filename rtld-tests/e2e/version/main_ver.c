/* SPDX-License-Identifier: MIT
 * main_ver_old / main_ver_new / main_ver_missing: one source, linked against
 * different libver.so.1 builds with RUNPATH pointing at another:
 *   main_ver_old     links old (needs VERS_1), runs with new  -> the old definition
 *   main_ver_new     links new (needs VERS_2), runs with new  -> the default definition
 *   main_ver_missing links new (needs VERS_2), runs with old  -> version not found */
#include "e2e.h"

const char *ver_func(void);

int main(void) {
  say("ver_func", ver_func());
  return 0;
}
