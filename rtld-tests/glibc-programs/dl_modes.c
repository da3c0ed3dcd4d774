/* SPDX-License-Identifier: MIT
 * dl_modes: dlopen mode checks (no binding mode, RTLD_NOLOAD before and
 * after loading, handle identity, dlclose) — output compared with glibc. */
#include <dlfcn.h>
#include <stdio.h>
int main(void) {
  void* h = dlopen("libm.so.6", 0);
  printf("%p %s\n", h, dlerror());
  h = dlopen("libm.so.6", RTLD_NOLOAD | RTLD_NOW);
  printf("noload before: %s %s\n", h ? "handle" : "NULL", dlerror() ? "err" : "noerr");
  h = dlopen("libm.so.6", RTLD_NOW);
  void* h2 = dlopen("libm.so.6", RTLD_NOLOAD | RTLD_NOW);
  printf("noload after: %s\n", h2 == h ? "same handle" : "different");
  printf("dlclose: %d %d\n", dlclose(h), dlclose(h2));
  return 0;
}
