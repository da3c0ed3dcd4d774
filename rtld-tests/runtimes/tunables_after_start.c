/* SPDX-License-Identifier: MIT
 * tunables_after_start: effects of GLIBC_TUNABLES (and their environment
 * aliases) that libc applies after start-up, printed without addresses, one
 * line per tunable: glibc.pthread.rseq, glibc.malloc.mmap_threshold,
 * glibc.malloc.arena_max, glibc.malloc.tcache_count, glibc.malloc.check (with
 * libc_malloc_debug.so preloaded), glibc.pthread.stack_cache_size and
 * glibc.pthread.mutex_spin_count. Must not print anything that varies from
 * run to run. */
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/rseq.h>
#include <time.h>
#include <unistd.h>

static void* thread_block;
static volatile uintptr_t thread_stack;
static pthread_mutex_t adaptive;
static volatile int waiting;

/* malloc's chunk header: the size word before the block, bit 1 IS_MMAPPED. */
static int is_mmapped(void* p) {
  size_t size_word;
  __asm__("" : "+r"(p)); /* the header lies before the block: hide p's provenance */
  memcpy(&size_word, (char*)p - sizeof size_word, sizeof size_word);
  return (size_word & 2) != 0;
}

static int is_mapped(uintptr_t addr) {
  FILE* f = fopen("/proc/self/maps", "r");
  char line[512];
  int found = 0;
  while (f != NULL && fgets(line, sizeof line, f) != NULL) {
    unsigned long lo, hi;
    if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && addr >= lo && addr < hi) found = 1;
  }
  if (f != NULL) fclose(f);
  return found;
}

static void* allocate(void* arg) {
  (void)arg;
  int local = 0;
  thread_stack = (uintptr_t)&local;
  thread_block = malloc(64);
  return NULL;
}

static void* contend(void* arg) {
  (void)arg;
  waiting = 1;
  pthread_mutex_lock(&adaptive);
  pthread_mutex_unlock(&adaptive);
  return NULL;
}

int main(void) {
  printf("rseq registered: %s\n", __rseq_size != 0 ? "yes" : "no");
  void* big = malloc(200000);
  printf("200000-byte block mmapped: %s\n", is_mmapped(big) ? "yes" : "no");
  uintptr_t heap_end = (uintptr_t)sbrk(0);
  void* main_block = malloc(64);
  pthread_t t;
  pthread_create(&t, NULL, allocate, NULL);
  pthread_join(t, NULL);
  uintptr_t tb = (uintptr_t)thread_block;
  printf("thread block in the main heap: %s\n",
         tb < heap_end + (1 << 20) && tb > (uintptr_t)main_block - (64 << 20) ? "yes" : "no");
  /* stack_cache_size=0: a joined thread's stack is unmapped, not cached. */
  printf("joined thread's stack cached: %s\n", is_mapped(thread_stack) ? "yes" : "no");
  /* tcache_count=0: a freed small block goes to a fastbin (mallinfo2). */
  void* small = malloc(24);
  free(small);
  printf("freed small block in a fastbin: %s\n", mallinfo2().fsmblks != 0 ? "yes" : "no");
  /* glibc.malloc.check (libc_malloc_debug.so): the usable size is the size asked. */
  void* ten = malloc(10);
  printf("usable size of malloc(10): %zu\n", malloc_usable_size(ten));
  free(ten);
  /* mutex_spin_count=0: an adaptive mutex waits at once and learns no spin count. */
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
  pthread_mutex_init(&adaptive, &attr);
  pthread_mutex_lock(&adaptive);
  pthread_create(&t, NULL, contend, NULL);
  while (!waiting) sched_yield();
  struct timespec pause = {0, 50 * 1000 * 1000};
  nanosleep(&pause, NULL);
  pthread_mutex_unlock(&adaptive);
  pthread_join(t, NULL);
  printf("adaptive mutex spun: %s\n", adaptive.__data.__spins != 0 ? "yes" : "no");
  free(big);
  free(main_block);
  free(thread_block);
  return 0;
}
