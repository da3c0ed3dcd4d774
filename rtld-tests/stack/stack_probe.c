// SPDX-License-Identifier: MIT
// Prints how deep below the top of the stack mapping the deepest written
// byte lies when main starts: what the loader (and libc's start-up) used,
// since every page of it is a fault. Reads its maps with raw system calls
// into static buffers, so main itself adds almost nothing below its frame.
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static char maps[1 << 16];

static uintptr_t hex_at(const char** p) {
  uintptr_t v = 0;
  for (;; ++*p) {
    char c = **p;
    if (c >= '0' && c <= '9') v = v * 16 + (uintptr_t)(c - '0');
    else if (c >= 'a' && c <= 'f') v = v * 16 + (uintptr_t)(c - 'a' + 10);
    else return v;
  }
}

int main(void) {
  long fd = syscall(SYS_open, "/proc/self/maps", 0);
  long n = 0, r;
  while (fd >= 0 && (r = syscall(SYS_read, fd, maps + n, sizeof maps - 1 - n)) > 0) n += r;
  maps[n] = '\0';
  uintptr_t lo = 0, hi = 0;
  for (const char* line = maps; *line != '\0';) {
    const char* end = line;
    while (*end != '\0' && *end != '\n') ++end;
    if (end - line > 7 && __builtin_memcmp(end - 7, "[stack]", 7) == 0) {
      const char* p = line;
      lo = hex_at(&p);
      ++p;
      hi = hex_at(&p);
    }
    line = *end == '\n' ? end + 1 : end;
  }
  if (hi == 0) return 1;
  const volatile unsigned char* b = (const volatile unsigned char*)lo;
  uintptr_t deepest = hi;
  for (uintptr_t a = lo; a < hi; ++a) {
    if (b[a - lo] != 0) {
      deepest = a;
      break;
    }
  }
  printf("%lu\n", (unsigned long)(hi - deepest));
  return 0;
}
