/* SPDX-License-Identifier: MIT
 * main_dlopen: a glibc program that requires libneg.so.1 at REQ_V.0 and
 * opens it with dlopen (not DT_NEEDED): the opener's requirement applies.
 * RUNPATH lists plain/, old/, new/ in that order. */
#include <dlfcn.h>
#include <ldr/version.h>
#include <stdio.h>

LDR_REQUIRE("libneg.so.1", REQ_V, 0);

int main(void) {
  void* lib = dlopen("libneg.so.1", RTLD_NOW);
  if (lib == NULL) {
    printf("dlopen: %s\n", dlerror());
    return 1;
  }
  const char* (*version)(void) = (const char* (*)(void))dlsym(lib, "neg_version");
  printf("dlopen gave libneg %s\n", version());
  return 0;
}
