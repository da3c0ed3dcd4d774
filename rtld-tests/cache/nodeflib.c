// SPDX-License-Identifier: MIT
// A program linked -z nodefaultlib (DF_1_NODEFLIB): its libraries are not
// searched in the system directories, nor taken from cache entries there.
#include <stdio.h>

int main(void) {
  puts("nodeflib ran");
  return 0;
}
