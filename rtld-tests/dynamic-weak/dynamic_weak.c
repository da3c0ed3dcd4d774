// SPDX-License-Identifier: MIT
// Which definition of `which` and `only_weak` the program's references,
// dlsym(RTLD_DEFAULT) and dlsym on the first library's handle find, with
// LD_DYNAMIC_WEAK set or not (check_dynamic_weak.py). Linked with the weak
// library first.
#include <dlfcn.h>
#include <stdio.h>

const char* which(void);
const char* only_weak(void);
int second_is_needed(void);

typedef const char* (*Fn)(void);

static const char* call(void* handle, const char* name) {
  Fn f = (Fn)dlsym(handle, name);
  return f != NULL ? f() : dlerror();
}

int main(int argc, char** argv) {
  if (!second_is_needed()) return 1;
  printf("reference which: %s\n", which());
  printf("reference only_weak: %s\n", only_weak());
  printf("dlsym default which: %s\n", call(RTLD_DEFAULT, "which"));
  printf("dlsym default only_weak: %s\n", call(RTLD_DEFAULT, "only_weak"));
  void* first = dlopen(argc > 1 ? argv[1] : "libweak_first.so", RTLD_NOW | RTLD_NOLOAD);
  printf("dlsym first which: %s\n", first != NULL ? call(first, "which") : dlerror());
  return 0;
}
