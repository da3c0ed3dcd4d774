/* SPDX-License-Identifier: MIT
 * A malloc for LD_PRELOAD that takes note of who calls it: a bump allocator
 * (blocks tagged, never reused) whose free rejects a pointer it did not hand
 * out, and which records the return addresses of its callers. At exit it
 * says whether the dynamic loader (the object defining _dl_find_object)
 * called it — glibc's ld.so allocates DTVs and dynamic TLS blocks with the
 * malloc the program's scope provides (__rtld_malloc_init_real) — and how
 * many foreign pointers reached free. A program may ask it to raise SIGUSR1
 * from its next allocation (malloc_spy_raise_next). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define POOL_SIZE (1UL << 28)
#define MAGIC 0x5a5a5a5a5a5a5a5aULL
#define MAX_CALLERS 4096

/* Set by a program: the next allocation raises SIGUSR1 (once), outside
 * this allocator's own lock, from inside its caller. */
int malloc_spy_raise_next;

static char *pool;
static size_t used;
static int lock;
static uintptr_t callers[MAX_CALLERS];
static unsigned ncallers, foreign;

static void note(uintptr_t caller) {
  if (ncallers < MAX_CALLERS) callers[ncallers++] = caller;
}

static void *take(size_t n, size_t align, uintptr_t caller) {
  while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE)) {
  }
  if (pool == NULL) pool = mmap(NULL, POOL_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (align < 16) align = 16;
  size_t start = (used + 16 + align - 1) & ~(align - 1);
  unsigned long long *h = (unsigned long long *)(pool + start - 16);
  h[0] = MAGIC;
  h[1] = n;
  used = start + ((n + 15) & ~15UL);
  note(caller);
  __atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
  if (__atomic_exchange_n(&malloc_spy_raise_next, 0, __ATOMIC_RELAXED)) raise(SIGUSR1);
  return pool + start;
}

#define CALLER ((uintptr_t)__builtin_return_address(0))
void *malloc(size_t n) { return take(n, 16, CALLER); }
void *calloc(size_t a, size_t b) {
  void *p = take(a * b, 16, CALLER);
  memset(p, 0, a * b);
  return p;
}
void *memalign(size_t align, size_t n) { return take(n, align, CALLER); }
void *aligned_alloc(size_t align, size_t n) { return take(n, align, CALLER); }
int posix_memalign(void **r, size_t align, size_t n) {
  *r = take(n, align, CALLER);
  return 0;
}
void *valloc(size_t n) { return take(n, 4096, CALLER); }
size_t malloc_usable_size(void *p) { return p ? ((unsigned long long *)p)[-1] : 0; }
void free(void *p) {
  if (p == NULL) return;
  if ((char *)p < pool || (char *)p >= pool + POOL_SIZE || ((unsigned long long *)p)[-2] != MAGIC)
    __atomic_add_fetch(&foreign, 1, __ATOMIC_RELAXED);
}
void *realloc(void *p, size_t n) {
  void *q = take(n, 16, CALLER);
  if (p != NULL) {
    size_t old = malloc_usable_size(p);
    memcpy(q, p, old < n ? old : n);
    free(p);
  }
  return q;
}

struct range {
  uintptr_t lo, hi;
};

static int find_loader(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  struct range *r = data;
  uintptr_t probe = r->lo;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD) continue;
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
    if (probe >= lo && probe < hi) {
      r->lo = info->dlpi_addr;
      r->hi = 0;
      for (int j = 0; j < info->dlpi_phnum; ++j)
        if (info->dlpi_phdr[j].p_type == PT_LOAD) {
          uintptr_t end = info->dlpi_addr + info->dlpi_phdr[j].p_vaddr + info->dlpi_phdr[j].p_memsz;
          if (end > r->hi) r->hi = end;
        }
      return 1;
    }
  }
  return 0;
}

__attribute__((destructor)) static void report(void) {
  struct range loader = {(uintptr_t)dlsym(RTLD_DEFAULT, "_dl_find_object"), 0};
  unsigned from_loader = 0;
  if (loader.lo != 0 && dl_iterate_phdr(find_loader, &loader) == 1)
    for (unsigned i = 0; i < ncallers; ++i) from_loader += callers[i] >= loader.lo && callers[i] < loader.hi;
  static char line[160];
  int n = 0;
  const char *a = "malloc_spy: the loader allocated with this malloc: ";
  memcpy(line + n, a, strlen(a));
  n += strlen(a);
  const char *b = from_loader != 0 ? "yes" : "no";
  memcpy(line + n, b, strlen(b));
  n += strlen(b);
  const char *c = foreign != 0 ? "; foreign pointers freed\n" : "; no foreign pointer freed\n";
  memcpy(line + n, c, strlen(c));
  n += strlen(c);
  write(2, line, n);
}
