// SPDX-License-Identifier: MIT
// Loads libbigrelro (4 MiB of RELRO pointers) and reports what a loader
// must keep true, then how the middle of that RELRO is mapped:
//   table ok|bad        every pointer relocated (big_table[i] == &big_bytes[i % 4096])
//   middle file|anon PERMS   /proc/self/maps for the page in the middle
//   start aligned|unaligned   whether the RELRO's first whole page starts a 2 MiB page
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

const char* big_bytes_address(void);
const char* const* big_table_address(void);

static int relro_start(struct dl_phdr_info* info, size_t size, void* out) {
  (void)size;
  if (strstr(info->dlpi_name, "libbigrelro") == NULL) return 0;
  for (int i = 0; i < info->dlpi_phnum; ++i)
    if (info->dlpi_phdr[i].p_type == PT_GNU_RELRO)
      *(uintptr_t*)out = (info->dlpi_addr + info->dlpi_phdr[i].p_vaddr + 4095) & ~(uintptr_t)4095;
  return 1;
}

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
  uintptr_t start = 0;
  dl_iterate_phdr(relro_start, &start);
  printf("start %s\n", start != 0 && start % (2u << 20) == 0 ? "aligned" : "unaligned");
  return 0;
}
