/* SPDX-License-Identifier: MIT
 * dyn_tls LIB: TLS of a library opened after start-up, across threads.
 * Thread A exists before the dlopen, thread B starts after it; each bumps
 * its own counter and names itself; the main thread too. Then the library
 * is closed and opened again: the values start over. Output is compared
 * with glibc's ld.so. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static int (*bump)(int);
static const char* (*thread_name)(void);
static void (*set_thread_name)(char);
static int (*aligned_ok)(void);
static pthread_barrier_t opened, done;

static void load(const char* path) {
  void* lib = dlopen(path, RTLD_NOW);
  if (lib == NULL) {
    printf("dlopen: %s\n", dlerror());
    return;
  }
  bump = (int (*)(int))dlsym(lib, "bump");
  thread_name = (const char* (*)(void))dlsym(lib, "thread_name");
  set_thread_name = (void (*)(char))dlsym(lib, "set_thread_name");
  aligned_ok = (int (*)(void))dlsym(lib, "aligned_ok");
}

static void report(const char* who, int step, char c) {
  int first = bump(step);
  int second = bump(step);
  const char* before = thread_name();
  char was[16];
  snprintf(was, sizeof was, "%s", before);
  set_thread_name(c);
  printf("%s: %d %d %s->%s aligned=%d\n", who, first, second, was, thread_name(), aligned_ok());
}

static void* early(void* arg) {
  (void)arg;
  pthread_barrier_wait(&opened);  /* the main thread dlopens meanwhile */
  if (bump != NULL) report("thread started before dlopen", 1, 'A');
  pthread_barrier_wait(&done);
  return NULL;
}

static void* late(void* arg) {
  (void)arg;
  report("thread started after dlopen", 10, 'B');
  return NULL;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  pthread_barrier_init(&opened, NULL, 2);
  pthread_barrier_init(&done, NULL, 2);
  pthread_t a, b;
  pthread_create(&a, NULL, early, NULL);
  load(argv[1]);
  pthread_barrier_wait(&opened);
  pthread_barrier_wait(&done);
  pthread_join(a, NULL);
  if (bump == NULL) return 0;
  pthread_create(&b, NULL, late, NULL);
  pthread_join(b, NULL);
  report("main thread", 1000, 'M');
  /* Closed and opened again: a fresh block (or the same id reused). */
  void* lib = dlopen(argv[1], RTLD_NOW | RTLD_NOLOAD);
  dlclose(lib);
  dlclose(lib);
  load(argv[1]);
  report("main thread after reopening", 1, 'R');
  return 0;
}
