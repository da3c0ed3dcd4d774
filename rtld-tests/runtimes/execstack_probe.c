/* SPDX-License-Identifier: MIT
 * execstack_probe LIB: the permissions (from /proc/self/maps) of the main
 * thread's stack, a running thread's stack and a joined thread's cached
 * stack before and after dlopen of a library that needs an executable stack,
 * and of two threads created after (one reuses the cached stack, one gets a
 * new one): glibc's _dl_make_stacks_executable covers all of them. Built
 * twice: with -DLINKED the library is a start-up dependency. Prints no
 * addresses. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static pthread_barrier_t pair, trio;
static volatile uintptr_t running_stack, cached_stack;

static const char* perms_of(uintptr_t addr, char* out) {
  FILE* f = fopen("/proc/self/maps", "r");
  char line[512];
  strcpy(out, "???");
  while (f != NULL && fgets(line, sizeof line, f) != NULL) {
    unsigned long lo, hi;
    char perms[5];
    if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && addr >= lo && addr < hi) {
      memcpy(out, perms, 3);
      out[3] = '\0';
    }
  }
  if (f != NULL) fclose(f);
  return out;
}

static void* short_lived(void* arg) {
  (void)arg;
  int local = 0;
  cached_stack = (uintptr_t)&local;
  return NULL;
}

static void* waiter(void* arg) {
  (void)arg;
  int local = 0;
  running_stack = (uintptr_t)&local;
  pthread_barrier_wait(&pair);
  pthread_barrier_wait(&pair);
  return NULL;
}

static void* late_thread(void* arg) {
  int local = 0;
  pthread_barrier_wait(&trio); /* both late threads alive: two stacks */
  perms_of((uintptr_t)&local, (char*)arg);
  pthread_barrier_wait(&trio);
  return NULL;
}

static void report(const char* when) {
  int local = 0;
  char a[4], b[4], c[4];
  printf("%s: main %s, running thread %s, cached stack %s\n", when, perms_of((uintptr_t)&local, a),
         perms_of(running_stack, b), perms_of(cached_stack, c));
}

#ifdef LINKED
int execstack_marker(void);
#endif

int main(int argc, char** argv) {
  if (argc < 2) return 2;
#ifdef LINKED
  if (execstack_marker() != 42) return 3;
#endif
  pthread_barrier_init(&pair, NULL, 2);
  pthread_barrier_init(&trio, NULL, 3);
  pthread_t t, s, l1, l2;
  pthread_create(&t, NULL, waiter, NULL);
  pthread_barrier_wait(&pair);
  pthread_create(&s, NULL, short_lived, NULL);
  pthread_join(s, NULL); /* its stack goes to libc's stack cache */
  report("before dlopen");
  void* lib = dlopen(argv[1], RTLD_NOW);
  if (lib == NULL) printf("dlopen: %s\n", dlerror());
  report("after dlopen");
  char late1[4], late2[4];
  pthread_create(&l1, NULL, late_thread, late1);
  pthread_create(&l2, NULL, late_thread, late2);
  pthread_barrier_wait(&trio);
  pthread_barrier_wait(&trio);
  pthread_join(l1, NULL);
  pthread_join(l2, NULL);
  printf("threads created after: %s %s\n", late1, late2);
  pthread_barrier_wait(&pair);
  pthread_join(t, NULL);
  return 0;
}
