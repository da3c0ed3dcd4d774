/* SPDX-License-Identifier: MIT
 * Prints getuid(): run setuid-root by nobody it says 65534. The bind suite
 * rewrites one answer of its system bind file (getuid -> geteuid) to show
 * whether a start took its bindings from that file. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
  printf("uid %d\n", (int)getuid());
  return 0;
}
