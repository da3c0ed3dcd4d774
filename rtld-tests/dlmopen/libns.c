/* SPDX-License-Identifier: MIT
 * libns: what differs between copies of one library in several link-map
 * namespaces (dlmopen): its own static data, libc (malloc, errno, stdio),
 * the objects dl_iterate_phdr reports, what RTLD_DEFAULT and a dlopen from
 * inside find (dlopen(NULL) the program), and its namespace id. Prints through write() where stdio
 * buffers would outlive a copy's libc. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int counter;
int ns_marker = 42;

int ns_bump(void) { return ++counter; }

static int count_cb(struct dl_phdr_info *i, size_t s, void *d) {
  (void)i;
  (void)s;
  ++*(int *)d;
  return 0;
}
int ns_objects(void) {
  int n = 0;
  dl_iterate_phdr(count_cb, &n);
  return n;
}

void *ns_malloc_addr(void) { return (void *)&malloc; }
int ns_errno_set(int v) { errno = v; return errno; }
int ns_errno_get(void) { return errno; }
int ns_default_marker(void) {
  int *p = dlsym(RTLD_DEFAULT, "ns_marker");
  return p ? *p : -1;
}
char *ns_strdup(const char *s) {
  char *p = malloc(strlen(s) + 1);
  strcpy(p, s);
  return p;
}
long ns_lmid(void) {
  Dl_info i;
  struct link_map *lm = NULL;
  Lmid_t id = -9;
  if (dladdr1((void *)ns_bump, &i, (void **)&lm, RTLD_DL_LINKMAP) && lm) dlinfo(lm, RTLD_DI_LMID, &id);
  return id;
}
int ns_dlopen_self_lmid(void) {
  void *h = dlopen("libns.so", RTLD_NOW);
  Lmid_t id = -9;
  if (h) {
    dlinfo(h, RTLD_DI_LMID, &id);
    dlclose(h);
  }
  return (int)id;
}
int ns_dlopen_null_lmid(void) {  /* the program, whichever namespace asks */
  void *h = dlopen(NULL, RTLD_NOW);
  Lmid_t id = -9;
  if (h) dlinfo(h, RTLD_DI_LMID, &id);
  return h != NULL && ((struct link_map *)h)->l_name[0] == '\0' ? (int)id : -1;  /* the program's map is "" */
}
int ns_printf(const char *s) {
  int n = printf("[ns] %s\n", s);
  fflush(stdout);
  return n;
}

__attribute__((constructor)) static void init(void) { write(1, "libns init\n", 11); }
__attribute__((destructor)) static void fini(void) { write(1, "libns fini\n", 11); }
