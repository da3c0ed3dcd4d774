/* SPDX-License-Identifier: MIT
 * dl_stress DIR: 4 threads dlopen/dlsym/dlclose libstress_{a,b,c,d}.so
 * 200 times each while 2 threads walk dl_iterate_phdr and 2 throw and
 * catch C++ exceptions (libthrower). At the end no libstress object may be
 * mapped (/proc/self/maps) and every constructor has its destructor. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

atomic_int stress_inits, stress_finis;
static atomic_int loaders_done, failures, walks, throws;
static const char* dir;
int throw_and_catch(int depth);

static void* loader(void* arg) {
  char path[4096];
  snprintf(path, sizeof path, "%s/libstress_%c.so", dir, 'a' + (int)(long)arg);
  for (int i = 0; i < 200; ++i) {
    void* lib = dlopen(path, RTLD_NOW | (i % 2 ? RTLD_GLOBAL : RTLD_LOCAL));
    int (*call)(int) = lib != NULL ? (int (*)(int))dlsym(lib, "stress_call") : NULL;
    if (call == NULL || call(i) != i + 1 || dlclose(lib) != 0) atomic_fetch_add(&failures, 1);
  }
  atomic_fetch_add(&loaders_done, 1);
  return NULL;
}

static int count_object(struct dl_phdr_info* info, size_t size, void* data) {
  (void)size;
  if (info->dlpi_phnum == 0 && info->dlpi_name == NULL) atomic_fetch_add(&failures, 1);
  ++*(int*)data;
  return 0;
}

static void* walker(void* arg) {
  (void)arg;
  while (atomic_load(&loaders_done) < 4) {
    int n = 0;
    dl_iterate_phdr(count_object, &n);
    if (n < 3) atomic_fetch_add(&failures, 1);
    atomic_fetch_add(&walks, 1);
  }
  return NULL;
}

static void* thrower(void* arg) {
  (void)arg;
  while (atomic_load(&loaders_done) < 4) {
    if (throw_and_catch(5) != 1) atomic_fetch_add(&failures, 1);
    atomic_fetch_add(&throws, 1);
  }
  return NULL;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  dir = argv[1];
  pthread_t t[8];
  for (long i = 0; i < 4; ++i) pthread_create(&t[i], NULL, loader, (void*)i);
  for (int i = 4; i < 6; ++i) pthread_create(&t[i], NULL, walker, NULL);
  for (int i = 6; i < 8; ++i) pthread_create(&t[i], NULL, thrower, NULL);
  for (int i = 0; i < 8; ++i) pthread_join(t[i], NULL);
  int mapped = 0;
  FILE* maps = fopen("/proc/self/maps", "r");
  char line[4096];
  while (maps != NULL && fgets(line, sizeof line, maps) != NULL)
    if (strstr(line, "libstress_") != NULL) ++mapped;
  if (maps != NULL) fclose(maps);
  printf("failures %d\ninitialisers %d finalisers %d\nlibstress mappings left %d\nwalked %s, threw %s\n",
         atomic_load(&failures), atomic_load(&stress_inits), atomic_load(&stress_finis), mapped,
         walks > 0 ? "yes" : "no", throws > 0 ? "yes" : "no");
  return 0;
}
