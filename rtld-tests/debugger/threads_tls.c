/* SPDX-License-Identifier: MIT
 * threads_tls: for gdb. Three threads (main + 2) each set their own copy of
 * a TLS variable of the program (tv) and of a library opened with dlopen
 * after start-up (lib_tv, dynamic TLS), then main stops in a function of
 * that library (lib_stop) while the others wait. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

__thread int tv = 7;
static pthread_barrier_t ready, finish;
static void (*lib_set)(int);

static void* thread_main(void* arg) {
  int v = (int)(long)arg;
  tv = v;
  lib_set(v * 100);
  pthread_barrier_wait(&ready);
  pthread_barrier_wait(&finish);
  return NULL;
}

int main(int argc, char** argv) {
  void* lib = dlopen(argc > 1 ? argv[1] : "libtlsdbg.so", RTLD_NOW);
  if (lib == NULL) {
    printf("%s\n", dlerror());
    return 1;
  }
  lib_set = (void (*)(int))dlsym(lib, "lib_set");
  void (*lib_stop)(void) = (void (*)(void))dlsym(lib, "lib_stop");
  pthread_barrier_init(&ready, NULL, 3);
  pthread_barrier_init(&finish, NULL, 3);
  pthread_t a, b;
  pthread_create(&a, NULL, thread_main, (void*)11);
  pthread_create(&b, NULL, thread_main, (void*)22);
  lib_set(700);
  pthread_barrier_wait(&ready);
  lib_stop();
  pthread_barrier_wait(&finish);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}
