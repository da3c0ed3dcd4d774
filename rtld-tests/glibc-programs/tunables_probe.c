/* SPDX-License-Identifier: MIT
 * tunables_probe: prints what the loader's tunables left a glibc program:
 * AT_SECURE, GLIBC_TUNABLES and the malloc aliases as the environment holds
 * them, and whether glibc.malloc.perturb took effect (a fresh allocation is
 * filled with perturb ^ 0xff when it did, zero from the kernel otherwise). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>

int main(void) {
  static const char *const names[] = {"GLIBC_TUNABLES", "MALLOC_CHECK_", "MALLOC_PERTURB_",
                                      "MALLOC_MMAP_MAX_", "MALLOC_TOP_PAD_"};
  printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char *v = getenv(names[i]);
    printf("%s%s%s\n", names[i], v ? "=" : " (unset)", v ? v : "");
  }
  volatile unsigned char *p = malloc(4000);
  printf("fresh allocation byte: 0x%02x\n", p[1000]);
  free((void *)p);
  return 0;
}
