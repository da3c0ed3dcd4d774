/* SPDX-License-Identifier: MIT
 * namespace_cxx: libnscxx.so in a new namespace, called from the program's
 * main thread and from a thread of its own, then opened again with dlopen
 * (a second copy, in the program's namespace); both closed.
 * Usage: namespace_cxx LIBDIR */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static int (*run)(int);

static void *thread_main(void *arg) {
  (void)arg;
  run(2);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  char path[4096];
  snprintf(path, sizeof path, "%s/libnscxx.so", argv[1]);
  setvbuf(stdout, NULL, _IONBF, 0);
  void *h = dlmopen(LM_ID_NEWLM, path, RTLD_NOW);
  if (!h) {
    printf("%s\n", dlerror());
    return 1;
  }
  run = (int (*)(int))dlsym(h, "cxx_run");
  run(1);
  pthread_t t;
  pthread_create(&t, NULL, thread_main, NULL);
  pthread_join(t, NULL);
  void *h2 = dlopen(path, RTLD_NOW);
  int (*run2)(int) = (int (*)(int))dlsym(h2, "cxx_run");
  run2(3);
  printf("closed %d %d\n", dlclose(h), dlclose(h2));
  return 0;
}
