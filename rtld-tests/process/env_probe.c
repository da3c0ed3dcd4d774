/* SPDX-License-Identifier: MIT
 * env_probe: prints AT_SECURE and which loader-steering variables reached the
 * program's environment. No dependencies, so it runs in secure mode anywhere. */
#include "rt.h"

static const char *const kNames[] = {"LD_LIBRARY_PATH", "LD_PRELOAD", "LDR_LIBRARY_PATH",
                                     "LDR_DEBUG", "GLIBC_TUNABLES", "TMPDIR", "HOME"};

int main(void) {
  rt_print("AT_SECURE=");
  rt_print_dec((long)rt_getauxval(23));
  rt_print("\n");
  for (unsigned i = 0; i < sizeof kNames / sizeof kNames[0]; i++) {
    const char *v = rt_getenv(kNames[i]);
    rt_print(kNames[i]);
    rt_print("=");
    rt_puts(v ? v : "(unset)");
  }
  return 0;
}
