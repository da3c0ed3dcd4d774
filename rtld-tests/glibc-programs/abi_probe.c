/* SPDX-License-Identifier: MIT
 * abi_probe: a glibc program that prints what libc learns from its loader:
 * auxv through getauxval, sysconf cache and stack sizes, dl_iterate_phdr,
 * dladdr, dlopen/dlsym/dlerror, threads with TLS, rseq (sched_getcpu),
 * backtrace (libc dlopens libgcc_s). Run under ldr and glibc's ld.so, the
 * output must be identical. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <link.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static __thread int tls_counter = 5;

static int count_phdr(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  const char *slash = strrchr(info->dlpi_name, '/');
  if (info->dlpi_name[0] == '\0') {  /* the program: a patchelf'd copy has more headers */
    printf("  object %d: (main) tls_modid=%zu\n", (*(int *)data)++, info->dlpi_tls_modid);
    return 0;
  }
  printf("  object %d: %s phnum=%d tls_modid=%zu\n", (*(int *)data)++,
         slash ? slash + 1 : info->dlpi_name, info->dlpi_phnum, info->dlpi_tls_modid);
  return 0;
}

static void *thread_main(void *arg) {
  tls_counter += (int)(long)arg;
  if (arg == 0 && dlopen("libanother-missing.so.1", RTLD_NOW) == NULL && dlerror() == NULL)
    return (void *)1000L;  /* this thread's error must be visible to this thread */
  if (arg == (void *)1) dlopen("libleft-pending.so.1", RTLD_NOW);  /* never read */
  return (void *)(long)(tls_counter + (&errno != NULL));
}

int main(void) {
  const char *platform = (const char *)getauxval(AT_PLATFORM);
  printf("auxv: pagesz=%lu hwcap=%#lx hwcap2=%#lx platform=%s secure=%lu minsigstksz=%lu\n",
         getauxval(AT_PAGESZ), getauxval(AT_HWCAP), getauxval(AT_HWCAP2),
         platform ? platform : "(none)", getauxval(AT_SECURE), getauxval(AT_MINSIGSTKSZ));
  printf("sysconf: page=%ld clk_tck=%ld l1d=%ld l2=%ld l3=%ld minsigstksz=%ld sigstksz=%ld\n",
         sysconf(_SC_PAGESIZE), sysconf(_SC_CLK_TCK), sysconf(_SC_LEVEL1_DCACHE_SIZE),
         sysconf(_SC_LEVEL2_CACHE_SIZE), sysconf(_SC_LEVEL3_CACHE_SIZE),
         sysconf(_SC_MINSIGSTKSZ), sysconf(_SC_SIGSTKSZ));
  int n = 0;
  printf("dl_iterate_phdr:\n");
  dl_iterate_phdr(count_phdr, &n);
  Dl_info info;
  if (dladdr((void *)printf, &info))
    printf("dladdr(printf): %s %s\n", strrchr(info.dli_fname, '/') + 1, info.dli_sname);
  void *m = dlopen("libm.so.6", RTLD_NOW);
  double (*cosine)(double) = m ? (double (*)(double))dlsym(m, "cos") : NULL;
  printf("dlopen libm: %s, cos(0)=%.1f\n", m ? "ok" : dlerror(), cosine ? cosine(0.0) : -1.0);
  void *missing = dlopen("libdoes-not-exist.so.3", RTLD_NOW);
  printf("dlopen missing: %s -> %s\n", missing ? "loaded?!" : "NULL", dlerror());
  printf("dlerror again: %s\n", dlerror() ? "set" : "(null)");
  pthread_t t[4];
  long sum = 0;
  for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, thread_main, (void *)i);
  for (int i = 0; i < 4; i++) {
    void *r;
    pthread_join(t[i], &r);
    sum += (long)r;
  }
  printf("threads: sum=%ld main tls=%d\n", sum, tls_counter);
  printf("dlerror is per thread: %s\n", dlerror() ? "no, main sees another thread's" : "yes");
  printf("rseq: sched_getcpu %s\n", sched_getcpu() >= 0 ? "works" : "fails");
  void *frames[8];
  int depth = backtrace(frames, 8);
  printf("backtrace: %s\n", depth >= 2 ? "at least 2 frames" : "too short");
  char *p = malloc(100);
  strcpy(p, "malloc ok");
  puts(p);
  free(p);
  return 0;
}
