/* SPDX-License-Identifier: MIT
 * tunables_after_start: effects of GLIBC_TUNABLES that libc applies after
 * start-up, printed without addresses: rseq registration (glibc.pthread.rseq),
 * whether a 200000-byte block is mmapped (glibc.malloc.mmap_threshold), and
 * whether a second thread's block comes from the main heap
 * (glibc.malloc.arena_max=1). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/rseq.h>
#include <string.h>
#include <unistd.h>

static void* thread_block;

/* malloc's chunk header: the size word before the block, bit 1 IS_MMAPPED. */
static int is_mmapped(void* p) {
  size_t size_word;
  memcpy(&size_word, (char*)p - sizeof size_word, sizeof size_word);
  return (size_word & 2) != 0;
}

static void* allocate(void* arg) {
  (void)arg;
  thread_block = malloc(64);
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
  printf("thread block in the main heap: %s\n", tb < heap_end + (1 << 20) && tb > (uintptr_t)main_block - (64 << 20) ? "yes" : "no");
  free(big);
  free(main_block);
  free(thread_block);
  return 0;
}
