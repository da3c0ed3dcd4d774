/* SPDX-License-Identifier: MIT
 * setfn_glibc: ldr_set_function in a glibc program — rebinding getpid in
 * the program and in libc-using libraries, calling through to the original,
 * a library opened later binding to the replacement, restoring. Linked with
 * -z now, so the GOT the rebinding writes is in RELRO. Under glibc's ld.so
 * the weak API is null and the program says so. */
#include <dlfcn.h>
#include <ldr/ldr.h>
#include <stdio.h>
#include <unistd.h>

static pid_t (*original_getpid)(void);

static pid_t fake_getpid(void) { return 4242; }

/* Calls through to the original. */
static pid_t wrapped_getpid(void) { return original_getpid() > 0 ? 4343 : -1; }

int main(int argc, char** argv) {
  if (!LDR_API_AVAILABLE()) {
    puts("not under ldr");
    return 0;
  }
  pid_t real = getpid();
  void* previous = ldr_set_function("getpid", (void*)fake_getpid);
  printf("previous is the original: %d\n", previous == ldr_original_function("getpid"));
  printf("rebound: %d\n", (int)getpid());
  original_getpid = (pid_t(*)(void))previous;
  void* replaced = ldr_set_function("getpid", (void*)wrapped_getpid);
  printf("second call returns the first replacement: %d\n", replaced == (void*)fake_getpid);
  printf("through to the original: %d\n", (int)getpid());
  void* lib = dlopen(argc > 1 ? argv[1] : "libgetpid_probe.so", RTLD_NOW);
  int (*probe)(void) = lib != NULL ? (int (*)(void))dlsym(lib, "probe_getpid") : NULL;
  printf("library opened later: %d\n", probe != NULL ? probe() : -1);
  void* last = ldr_set_function("getpid", previous);
  printf("restore returns the wrapper: %d\n", last == (void*)wrapped_getpid);
  printf("restored in the program: %d, in the library: %d\n", getpid() == real, probe() == real);
  printf("unknown name: %p\n", ldr_set_function("no_such_function_anywhere", (void*)fake_getpid));
  return 0;
}
