/* SPDX-License-Identifier: MIT
 * libnsfini: says when it is initialized and finalized (NAME, from the
 * build), once by write() and once through its namespace's stdio, which
 * only the program's libc flushes at exit. */
#include <stdio.h>
#include <unistd.h>

#define STR2(x) #x
#define STR(x) STR2(x)

__attribute__((constructor)) static void init(void) { write(1, "init " STR(NAME) "\n", sizeof("init " STR(NAME))); }
__attribute__((destructor)) static void fini(void) {
  write(1, "fini " STR(NAME) "\n", sizeof("fini " STR(NAME)));
  printf("stdio fini %s\n", STR(NAME));
}
