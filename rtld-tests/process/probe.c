/* SPDX-License-Identifier: MIT
 * process_probe: prints which libprobe_dep.so was bound and the permissions
 * of the [stack] mapping after ldr started the process. */
#include "rt.h"

const char *dep_name(void);

static void print_stack_perms(void) {
  static char buf[65536];
  long fd = rt_syscall6(257, -100, (long)"/proc/self/maps", 0, 0, 0, 0);
  long n = 0, r;
  if (fd < 0) return;
  while ((r = rt_syscall6(0, fd, (long)(buf + n), (long)(sizeof buf - 1 - (unsigned long)n), 0, 0, 0)) > 0)
    n += r;
  rt_syscall6(3, fd, 0, 0, 0, 0, 0);
  buf[n] = 0;
  for (char *line = buf; *line;) {
    char *end = line;
    while (*end && *end != '\n') end++;
    char saved = *end;
    *end = 0;
    if (end - line > 7 && rt_strcmp(end - 7, "[stack]") == 0) {
      char *perm = line;
      while (*perm != ' ') perm++;
      perm[5] = 0;
      rt_print("stack=");
      rt_puts(perm + 1);
    }
    *end = saved;
    line = *end ? end + 1 : end;
  }
}

int main(void) {
  rt_print("dep=");
  rt_puts(dep_name());
  print_stack_perms();
  return 0;
}
