/* SPDX-License-Identifier: MIT
 * namespaces: libns.so opened with dlopen and twice with dlmopen(LM_ID_NEWLM)
 * (so three copies, each with its own libc but the first), then checked:
 * namespace ids, separate counters, malloc, errno, stdio, dl_iterate_phdr,
 * RTLD_DEFAULT and dlopen from inside a namespace, dlmopen into an existing
 * namespace, glibc's refusals (an unused id, RTLD_GLOBAL, the program, a
 * missing file), a freed namespace reused, and every dlclose. Prints no
 * address: the output under ldr must equal glibc's.
 * Usage: namespaces (libns.so next to it, found through its RUNPATH) */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int count_cb(struct dl_phdr_info *i, size_t s, void *d) {
  (void)i;
  (void)s;
  ++*(int *)d;
  return 0;
}

static void *must(void *p, const char *what) {
  if (!p) {
    printf("%s: %s\n", what, dlerror());
    exit(1);
  }
  return p;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  void *a = must(dlopen("libns.so", RTLD_NOW), "dlopen");
  void *b = must(dlmopen(LM_ID_NEWLM, "libns.so", RTLD_NOW), "dlmopen new");
  void *c = must(dlmopen(LM_ID_NEWLM, "libns.so", RTLD_NOW), "dlmopen new 2");
  Lmid_t la = -1, lb = -1, lc = -1;
  dlinfo(a, RTLD_DI_LMID, &la);
  dlinfo(b, RTLD_DI_LMID, &lb);
  dlinfo(c, RTLD_DI_LMID, &lc);
  printf("lmids %ld %ld %ld, distinct handles %d\n", (long)la, (long)lb, (long)lc, a != b && b != c && a != c);
  void *base = must(dlmopen(LM_ID_BASE, "libns.so", RTLD_NOW), "dlmopen base");
  void *b2 = must(dlmopen(lb, "libns.so", RTLD_NOW), "dlmopen existing");
  printf("LM_ID_BASE is dlopen's object %d; the same object in its namespace %d\n", base == a, b2 == b);
  int (*ba)(void) = must(dlsym(a, "ns_bump"), "sym a"), (*bb)(void) = must(dlsym(b, "ns_bump"), "sym b");
  ba();
  ba();
  bb();
  printf("counters a=%d b=%d\n", ba(), bb());
  void *(*ma)(void) = must(dlsym(a, "ns_malloc_addr"), "m a"), *(*mb)(void) = must(dlsym(b, "ns_malloc_addr"), "m b");
  printf("malloc: a's is the program's %d, b's its own %d\n", ma() == (void *)&malloc, mb() != (void *)&malloc);
  int (*ea)(int) = must(dlsym(a, "ns_errno_set"), "e a"), (*eb)(int) = must(dlsym(b, "ns_errno_set"), "e b");
  int (*gb)(void) = must(dlsym(b, "ns_errno_get"), "g b");
  errno = 0;
  ea(7);
  int after_a = errno;
  eb(9);
  printf("errno: a shares it %d, b has its own %d (b sees %d)\n", after_a == 7, errno == 7, gb());
  int (*oa)(void) = must(dlsym(a, "ns_objects"), "o a"), (*ob)(void) = must(dlsym(b, "ns_objects"), "o b");
  int main_n = 0;
  dl_iterate_phdr(count_cb, &main_n);
  printf("dl_iterate_phdr: a sees the program's %d objects %d, b sees %d\n", main_n, oa() == main_n, ob());
  int (*da)(void) = must(dlsym(a, "ns_default_marker"), "d a"), (*db)(void) = must(dlsym(b, "ns_default_marker"), "d b");
  printf("RTLD_DEFAULT ns_marker from a %d, from b %d\n", da(), db());
  long (*lm)(void) = must(dlsym(b, "ns_lmid"), "lmid");
  printf("namespace seen from inside b: %ld\n", lm());
  int (*ds)(void) = must(dlsym(b, "ns_dlopen_self_lmid"), "dlopen self");
  printf("a dlopen from inside b lands in namespace %d\n", ds());
  int (*dn)(void) = must(dlsym(b, "ns_dlopen_null_lmid"), "dlopen null");
  printf("dlopen(NULL) from inside b: the program, namespace %d\n", dn());
  char *(*sd)(const char *) = must(dlsym(b, "ns_strdup"), "strdup");
  char *s = sd("hello from b");
  printf("b's malloc: %s\n", s);
  int (*pb)(const char *) = must(dlsym(b, "ns_printf"), "printf");
  pb("stdio of b");
  void *x = dlmopen(9, "libns.so", RTLD_NOW);
  printf("unused namespace: %s\n", x ? "opened" : dlerror());
  x = dlmopen(LM_ID_NEWLM, "libns.so", RTLD_NOW | RTLD_GLOBAL);
  printf("RTLD_GLOBAL: %s\n", x ? "opened" : dlerror());
  x = dlmopen(LM_ID_NEWLM, NULL, RTLD_NOW);
  printf("the program: %s\n", x ? "opened" : dlerror());
  x = dlmopen(LM_ID_NEWLM, "libnonexistent.so", RTLD_NOW);
  printf("missing: %s\n", x ? "opened" : dlerror());
  printf("close c %d\n", dlclose(c));
  void *d = must(dlmopen(LM_ID_NEWLM, "libns.so", RTLD_NOW), "dlmopen after close");
  Lmid_t ld = -1;
  dlinfo(d, RTLD_DI_LMID, &ld);
  printf("freed namespace reused: %ld\n", (long)ld);
  printf("close b2 %d b %d d %d base %d a %d\n", dlclose(b2), dlclose(b), dlclose(d), dlclose(base), dlclose(a));
  return 0;
}
