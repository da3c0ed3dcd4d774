// SPDX-License-Identifier: MIT
// dlinfo's RTLD_DI_TLS_DATA for a library opened at run time (its TLS block
// dynamic): none before the thread touches the variable, then the block
// holding it; in a new thread, none again until that thread touches it.
// Usage: tls_data DIR
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static void* lib;

// Touches the variable (its block is allocated), then asks.
static void report(const char* when) {
  long* (*address)(void) = (long* (*)(void))dlsym(lib, "tls_address");
  long* variable = address();
  void* data = (void*)1;
  int r = dlinfo(lib, RTLD_DI_TLS_DATA, &data);
  printf("%s: status %d, %s\n", when, r,
         data == NULL ? "no block" : data == (void*)variable ? "the variable's block" : "another address");
}

static void* thread(void* arg) {
  (void)arg;
  void* data = (void*)1;
  dlinfo(lib, RTLD_DI_TLS_DATA, &data);
  printf("new thread: %s\n", data == NULL ? "no block" : "a block");
  report("new thread, after");
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  char path[4096];
  snprintf(path, sizeof path, "%s/libtlsdata.so", argv[1]);
  lib = dlopen(path, RTLD_NOW);
  if (lib == NULL) return 1;
  void* data = (void*)1;
  dlinfo(lib, RTLD_DI_TLS_DATA, &data);
  printf("before: %s\n", data == NULL ? "no block" : "a block");
  report("after");
  pthread_t t;
  pthread_create(&t, NULL, thread, NULL);
  pthread_join(t, NULL);
  return 0;
}
