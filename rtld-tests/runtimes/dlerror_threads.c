/* SPDX-License-Identifier: MIT
 * dlerror_threads: a thread's failed dlopen leaves a dlerror pending and the
 * thread exits without reading it; the next thread (libc reuses the cached
 * stack, so the same TCB address) must find no error pending. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static void* fail_and_exit(void* arg) {
  (void)arg;
  void* h = dlopen("libno-such-library.so.9", RTLD_NOW);
  return h;
}

static void* ask(void* arg) {
  (void)arg;
  const char* e = dlerror();
  printf("second thread: dlerror %s\n", e == NULL ? "NULL" : e);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, fail_and_exit, NULL);
  pthread_join(t, NULL);
  pthread_create(&t, NULL, ask, NULL);
  pthread_join(t, NULL);
  return 0;
}
