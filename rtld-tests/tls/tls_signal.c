/* SPDX-License-Identifier: MIT
 * tls_signal LIB_A LIB_B: a signal handler that touches dynamic TLS while
 * the interrupted code is inside the loader's TLS slow path. With
 * malloc_spy preloaded, a new thread asks it to raise SIGUSR1 from its next
 * allocation — the loader allocating the thread's block of LIB_A's TLS —
 * and the handler bumps LIB_B's counter, whose block this thread does not
 * have yet. glibc's ld.so allocates outside its TLS lock; a loader that
 * holds a plain lock there (and does not keep signals out) deadlocks. */
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

static int (*bump_a)(int);
static int (*bump_b)(int);
static volatile int from_handler;

static void handler(int sig) {
  (void)sig;
  from_handler = bump_b(5);
}

static void* thread(void* arg) {
  (void)arg;
  int* raise_next = (int*)dlsym(RTLD_DEFAULT, "malloc_spy_raise_next");
  if (raise_next == NULL) return NULL;
  *raise_next = 1;
  int a = bump_a(1);
  printf("thread: a=%d, handler's b=%d, b now=%d\n", a, from_handler, bump_b(0));
  return NULL;
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  void* la = dlopen(argv[1], RTLD_NOW);
  void* lb = dlopen(argv[2], RTLD_NOW);
  if (la == NULL || lb == NULL) {
    printf("dlopen: %s\n", dlerror());
    return 1;
  }
  bump_a = (int (*)(int))dlsym(la, "bump");
  bump_b = (int (*)(int))dlsym(lb, "bump");
  signal(SIGUSR1, handler);
  pthread_t t;
  pthread_create(&t, NULL, thread, NULL);
  pthread_join(t, NULL);
  printf("main: a=%d b=%d\n", bump_a(0), bump_b(0));
  return 0;
}
