/* SPDX-License-Identifier: MIT
 * dl_api: libc's dynamic-loading interface on libdlt_main (which needs
 * libdlt_dep): dlopen, dlmopen(LM_ID_BASE), dlsym, dlvsym, RTLD_DEFAULT,
 * RTLD_NEXT, dladdr/dladdr1, dl_iterate_phdr, dlinfo, reference counts,
 * dlerror's messages and dlclose. Prints names, never addresses, so the
 * output under ldr must equal glibc's. It asserts nothing about whether a
 * library is still mapped after its last dlclose (ldr does not unload yet).
 * Usage: dl_api LIBDIR, or dl_api LIBDIR newlm: dlmopen(LM_ID_NEWLM) of
 * libm.so.6 and the namespace it lands in. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The dynamic loader's link map: its name is the program's PT_INTERP,
 * which differs between a patched copy and the original. */
static struct link_map *loader;

static const char *base(const char *path) {
  if (path == NULL) return "(null)";
  if (loader != NULL && path == loader->l_name) return "(loader)";
  if (path[0] == '\0') return "(main)";
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static void show_error(const char *what) {
  const char *e = dlerror();
  printf("%s: %s\n", what, e ? e : "(no error)");
}

/* Interposes libdlt_dep's dlt_hook and calls it through RTLD_NEXT. */
int dlt_hook(int x) {
  int (*next)(int) = (int (*)(int))dlsym(RTLD_NEXT, "dlt_hook");
  return next ? 1000 + next(x) : -1;
}

static void show_address(const char *what, const void *p) {
  Dl_info info;
  if (!dladdr(p, &info)) {
    printf("dladdr(%s): not in any object\n", what);
    return;
  }
  printf("dladdr(%s): %s %s %s\n", what, base(info.dli_fname),
         info.dli_sname ? info.dli_sname : "(no symbol)",
         info.dli_saddr == p ? "exact" : "inside");
  const ElfW(Sym) *sym = NULL;
  struct link_map *map = NULL;
  if (dladdr1(p, &info, (void **)&sym, RTLD_DL_SYMENT))
    printf("dladdr1(%s, SYMENT): size %lu type %d\n", what, sym ? (unsigned long)sym->st_size : 0UL,
           sym ? ELF64_ST_TYPE(sym->st_info) : -1);
  if (dladdr1(p, &info, (void **)&map, RTLD_DL_LINKMAP))
    printf("dladdr1(%s, LINKMAP): %s\n", what, base(map->l_name));
}

struct object {
  char name[64];
  int phnum;
};
static struct object objects[32];
static int object_count;

static int collect(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  (void)data;
  if (object_count < 32) {
    struct object *o = &objects[object_count++];
    snprintf(o->name, sizeof o->name, "%s",
             info->dlpi_addr == loader->l_addr ? "(loader)" : base(info->dlpi_name));
    /* A patchelf'd copy of the program has more headers than the original. */
    o->phnum = info->dlpi_name[0] == '\0' ? 0 : info->dlpi_phnum;
  }
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const struct object *)a)->name, ((const struct object *)b)->name);
}

static void show_objects(const char *when) {
  object_count = 0;
  dl_iterate_phdr(collect, NULL);
  qsort(objects, object_count, sizeof objects[0], by_name);
  printf("dl_iterate_phdr %s:", when);
  for (int i = 0; i < object_count; i++) printf(" %s/%d", objects[i].name, objects[i].phnum);
  printf("\n");
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[2], "newlm") == 0) {
    /* A new namespace (rtld-tests/dlmopen/ tests namespaces further). */
    void *n = dlmopen(LM_ID_NEWLM, "libm.so.6", RTLD_NOW);
    Lmid_t id = -1;
    if (n != NULL) dlinfo(n, RTLD_DI_LMID, &id);
    printf("dlmopen LM_ID_NEWLM libm.so.6: %s %ld\n", n ? "handle in namespace" : dlerror(), (long)id);
    return 0;
  }
  if (argc != 2) return 2;
  char path[4096];
  snprintf(path, sizeof path, "%s/libdlt_main.so", argv[1]);
  Dl_info info;
  if (!dladdr1(dlsym(RTLD_DEFAULT, "_r_debug"), &info, (void **)&loader, RTLD_DL_LINKMAP))
    return 3;
  show_objects("before");

  void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
  printf("dlopen local: %s\n", h ? "handle" : dlerror());
  if (h == NULL) return 1;
  printf("RTLD_DEFAULT before global: %s\n", dlsym(RTLD_DEFAULT, "dlt_main_value") ? "found" : "NULL");
  dlerror();
  void *h2 = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
  printf("dlopen again, global: %s\n", h2 == h ? "same handle" : "different handle");
  void *hm = dlmopen(LM_ID_BASE, path, RTLD_NOW);
  printf("dlmopen LM_ID_BASE: %s\n", hm == h ? "same handle" : hm ? "different handle" : dlerror());
  /* glibc's dlmopen checks (no namespace but the program's in use). */
  printf("dlmopen namespace 5: %s\n", dlmopen(5, path, RTLD_NOW) ? "handle" : "NULL");
  show_error("  dlerror");
  printf("dlmopen LM_ID_NEWLM of the program: %s\n", dlmopen(LM_ID_NEWLM, NULL, RTLD_NOW) ? "handle" : "NULL");
  show_error("  dlerror");
  printf("dlmopen LM_ID_NEWLM global: %s\n",
         dlmopen(LM_ID_NEWLM, path, RTLD_NOW | RTLD_GLOBAL) ? "handle" : "NULL");
  show_error("  dlerror");
  show_objects("after dlopen");

  int (*value)(void) = (int (*)(void))dlsym(h, "dlt_main_value");
  printf("dlt_main_value() = %d (dlt_hook interposed, RTLD_NEXT to libdlt_dep)\n", value ? value() : -1);
  printf("RTLD_DEFAULT after global: %s\n",
         dlsym(RTLD_DEFAULT, "dlt_main_value") == (void *)value ? "same function" : "other");
  int (*dep)(void) = (int (*)(void))dlsym(h, "dlt_dep_value");
  printf("dlsym through the dependency: %d\n", dep ? dep() : -1);
  int *counter = (int *)dlsym(h, "dlt_counter");
  printf("dlt_counter = %d\n", counter ? *counter : -1);

  int (*v1)(void) = (int (*)(void))dlvsym(h, "dlt_versioned", "DLT_1.0");
  int (*v2)(void) = (int (*)(void))dlvsym(h, "dlt_versioned", "DLT_2.0");
  int (*vd)(void) = (int (*)(void))dlsym(h, "dlt_versioned");
  printf("dlvsym DLT_1.0 -> %d, DLT_2.0 -> %d, dlsym default -> %d\n", v1 ? v1() : -1,
         v2 ? v2() : -1, vd ? vd() : -1);
  printf("dlvsym bad version: %s\n", dlvsym(h, "dlt_versioned", "DLT_9.9") ? "found" : "NULL");
  show_error("  dlerror");
  printf("dlsym missing: %s\n", dlsym(h, "dlt_nope") ? "found" : "NULL");
  show_error("  dlerror");
  printf("RTLD_DEFAULT missing: %s\n", dlsym(RTLD_DEFAULT, "dlt_nope_either") ? "found" : "NULL");
  show_error("  dlerror");
  printf("dlopen missing: %s\n", dlopen("libdlt_missing.so.1", RTLD_NOW) ? "handle" : "NULL");
  show_error("  dlerror");
  show_error("dlerror after it was read");

  show_address("dlt_main_value", (void *)value);
  show_address("dlt_versioned@DLT_1.0", (void *)v1);
  show_address("dlt_dep_value", (void *)dep);
  show_address("dlt_counter", counter);
  show_address("dlt_hook in the program", (void *)dlt_hook);
  show_address("printf", (void *)printf);
  void *heap = malloc(16);
  show_address("heap", heap);
  free(heap);

  struct link_map *map = NULL;
  if (dlinfo(h, RTLD_DI_LINKMAP, &map) == 0) {
    while (map->l_prev) map = map->l_prev;
    printf("link maps:");
    for (; map; map = map->l_next) printf(" %s", base(map->l_name));
    printf("\n");
  }
  Lmid_t lmid = -1;
  int lmid_status = dlinfo(h, RTLD_DI_LMID, &lmid);
  printf("dlinfo LMID: %d %ld\n", lmid_status, (long)lmid);

  void *self = dlopen(NULL, RTLD_NOW);
  printf("dlsym(dlopen(NULL), dlt_hook): %s\n",
         dlsym(self, "dlt_hook") == (void *)dlt_hook ? "the program's" : "other");

  /* Three opens (h, h2, hm): two closes leave the library loaded. */
  printf("dlclose: %d %d\n", dlclose(hm), dlclose(h2));
  void *again = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
  printf("RTLD_NOLOAD after closing twice: %s\n", again == h ? "same handle" : "NULL");
  printf("still callable: %d\n", value());
  printf("dlclose: %d %d\n", dlclose(again), dlclose(h));
  printf("dlclose self: %d\n", dlclose(self));
  return 0;
}
