/* SPDX-License-Identifier: MIT
 * Built static and static-PIE: prints its argv and whether the kernel runs
 * it as itself (/proc/self/exe is this file, not a loader). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[n > 0 ? n : 0] = '\0';
  const char* base = strrchr(exe, '/');
  printf("exe=%s argc=%d\n", base != NULL ? base + 1 : exe, argc);
  for (int i = 0; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
  return 3;
}
