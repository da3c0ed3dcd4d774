/* SPDX-License-Identifier: MIT
 * exit_fini: objects left open at exit in three namespaces (libnsfini1 in the
 * program's and, with RTLD_DEEPBIND, in a second new one; libnsfini2 in the
 * first new one): glibc's _dl_fini finalizes namespace by namespace, the
 * highest first, and ld.so's copies in the others not at all.
 * Usage: exit_fini LIBDIR */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  char one[4096], two[4096];
  snprintf(one, sizeof one, "%s/libnsfini1.so", argv[1]);
  snprintf(two, sizeof two, "%s/libnsfini2.so", argv[1]);
  setvbuf(stdout, NULL, _IONBF, 0);
  void *a = dlopen(one, RTLD_NOW);
  void *b = dlmopen(LM_ID_NEWLM, two, RTLD_NOW);
  void *c = dlmopen(LM_ID_NEWLM, one, RTLD_NOW | RTLD_DEEPBIND);
  printf("opened %d %d %d\n", a != NULL, b != NULL, c != NULL);
  return 0;
}
