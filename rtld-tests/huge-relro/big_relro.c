// SPDX-License-Identifier: MIT
// Loads libbigrelro (4 MiB of RELRO pointers) and reports what a loader
// must keep true, then how the middle of that RELRO is mapped:
//   table ok|bad        every pointer relocated (big_table[i] == &big_bytes[i % 4096])
//   middle file|anon PERMS   /proc/self/maps for the page in the middle
#include <stdint.h>
#include <stdio.h>
#include <string.h>

const char* big_bytes_address(void);
const char* const* big_table_address(void);

int main(void) {
  const char* big_bytes = big_bytes_address();
  const char* const* big_table = big_table_address();
  size_t bad = 0;
  for (size_t i = 0; i < 524288; ++i) bad += big_table[i] != &big_bytes[i % 4096];
  printf("table %s\n", bad == 0 ? "ok" : "bad");
  uintptr_t middle = (uintptr_t)&big_table[524288 / 2];
  FILE* maps = fopen("/proc/self/maps", "r");
  char line[512];
  while (maps != NULL && fgets(line, sizeof line, maps) != NULL) {
    unsigned long lo, hi;
    char perms[8], path[256] = "";
    if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &lo, &hi, perms, path) < 3) continue;
    if (middle < lo || middle >= hi) continue;
    printf("middle %s %s\n", strstr(path, "libbigrelro") != NULL ? "file" : "anon", perms);
  }
  return 0;
}
