/* SPDX-License-Identifier: MIT
 * execstack_probe LIB: the permissions of the main thread's stack and of a
 * waiting thread's stack (from /proc/self/maps) before and after dlopen of
 * a library that needs an executable stack, and of a thread created after. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static pthread_barrier_t barrier;
static volatile uintptr_t thread_stack_addr;

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

static void* waiter(void* arg) {
  (void)arg;
  int local = 0;
  thread_stack_addr = (uintptr_t)&local;
  pthread_barrier_wait(&barrier);
  pthread_barrier_wait(&barrier);
  return NULL;
}

static void* late_thread(void* arg) {
  int local = 0;
  perms_of((uintptr_t)&local, (char*)arg);
  return NULL;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  int local = 0;
  char a[4], b[4], late[4];
  pthread_barrier_init(&barrier, NULL, 2);
  pthread_t t;
  pthread_create(&t, NULL, waiter, NULL);
  pthread_barrier_wait(&barrier);
  printf("before dlopen: main %s, thread %s\n", perms_of((uintptr_t)&local, a),
         perms_of(thread_stack_addr, b));
  void* lib = dlopen(argv[1], RTLD_NOW);
  if (lib == NULL) printf("dlopen: %s\n", dlerror());
  printf("after dlopen: main %s, thread %s\n", perms_of((uintptr_t)&local, a),
         perms_of(thread_stack_addr, b));
  pthread_barrier_wait(&barrier);
  pthread_join(t, NULL);
  pthread_t t2;
  pthread_create(&t2, NULL, late_thread, late);
  pthread_join(t2, NULL);
  printf("thread created after: %s\n", late);
  return 0;
}
