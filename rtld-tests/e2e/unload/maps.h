/* SPDX-License-Identifier: MIT
 * in_maps(): whether /proc/self/maps names a file, read with raw syscalls
 * (the fixtures have no libc). */
#ifndef LDR_E2E_UNLOAD_MAPS_H
#define LDR_E2E_UNLOAD_MAPS_H
#include "e2e.h"

static inline int in_maps(const char *needle) {
  static char buf[1 << 16];
  long fd = rt_syscall6(2 /* open */, (long)"/proc/self/maps", 0, 0, 0, 0, 0);
  if (fd < 0) return -1;
  unsigned long len = 0;
  for (;;) {
    long n = rt_syscall6(0 /* read */, fd, (long)(buf + len), (long)(sizeof buf - 1 - len), 0, 0, 0);
    if (n <= 0) break;
    len += (unsigned long)n;
    if (len == sizeof buf - 1) break;
  }
  rt_syscall6(3 /* close */, fd, 0, 0, 0, 0, 0);
  buf[len] = '\0';
  unsigned long k = rt_strlen(needle);
  for (unsigned long i = 0; i + k <= len; ++i)
    if (rt_strncmp(buf + i, needle, k) == 0) return 1;
  return 0;
}

#endif
