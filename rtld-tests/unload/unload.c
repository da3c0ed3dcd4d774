/* SPDX-License-Identifier: MIT
 * unload: dlclose scenarios of a glibc program, printing what a program can
 * observe (destructor lines, /proc/self/maps, dl_iterate_phdr, _r_debug);
 * run under glibc's ld.so and ldr and compared line by line.
 * Usage: unload DIR [SCENARIO]; DIR holds the libunl_*.so fixtures:
 *   main -> dep, other -> dep, root -> main + other (a diamond), nodel
 *   (-z nodelete), glob (defines unl_global_value), ref (uses it, no
 *   DT_NEEDED), unique (an STB_GNU_UNIQUE symbol), tlsdtor (registers a
 *   thread-exit destructor), leaf (nothing). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char* dir;

static const char* path(const char* name) {
  static char buf[4][512];
  static int next;
  char* p = buf[next++ % 4];
  snprintf(p, sizeof buf[0], "%s/libunl_%s.so", dir, name);
  return p;
}

static int in_maps(const char* name) {
  FILE* f = fopen("/proc/self/maps", "r");
  char line[1024], want[64];
  int n = 0;
  snprintf(want, sizeof want, "/libunl_%s.so", name);
  while (fgets(line, sizeof line, f))
    if (strstr(line, want) != NULL) n = 1;
  fclose(f);
  return n;
}

static int phdr_cb(struct dl_phdr_info* info, size_t size, void* data) {
  (void)size;
  return strstr(info->dlpi_name, (const char*)data) != NULL;
}

static int in_r_debug(const char* want) {
  for (struct link_map* l = _r_debug.r_map; l != NULL; l = l->l_next)
    if (strstr(l->l_name, want) != NULL) return 1;
  return 0;
}

/* "name: maps=1 phdr=1 r_debug=1" — all three views must agree. */
static void show(const char* name) {
  char want[64];
  snprintf(want, sizeof want, "/libunl_%s.so", name);
  printf("  %s: maps=%d phdr=%d r_debug=%d\n", name, in_maps(name), dl_iterate_phdr(phdr_cb, want),
         in_r_debug(want));
}

static void* open_lib(const char* name, int mode) {
  void* h = dlopen(path(name), mode);
  if (h == NULL) printf("  dlopen %s: %s\n", name, dlerror());
  return h;
}

static void close_lib(const char* what, void* h) {
  printf("dlclose %s\n", what);
  int r = dlclose(h);
  if (r != 0) printf("  dlclose %s: %d %s\n", what, r, dlerror());
}

static int call(void* h, const char* sym) {
  int (*f)(void) = (int (*)(void))dlsym(h, sym);
  return f != NULL ? f() : -1;
}

/* A library and its dependency go together and come back. */
static void with_dependency(void) {
  void* h = open_lib("main", RTLD_NOW);
  printf("main_value=%d\n", call(h, "main_value"));
  show("main"), show("dep");
  close_lib("main", h);
  show("main"), show("dep");
  h = open_lib("main", RTLD_NOW);
  printf("main_value=%d\n", call(h, "main_value"));
  close_lib("main", h);
  show("main"), show("dep");
}

/* Two opens need two closes. */
static void opened_twice(void) {
  void* a = open_lib("main", RTLD_NOW);
  void* b = open_lib("main", RTLD_LAZY);
  printf("same handle: %d\n", a == b);
  close_lib("main (1 of 2)", a);
  show("main"), show("dep");
  printf("main_value=%d\n", call(b, "main_value"));
  close_lib("main (2 of 2)", b);
  show("main"), show("dep");
}

/* A dependency stays while another open object needs it. */
static void shared_dependency(void) {
  void* m = open_lib("main", RTLD_NOW);
  void* o = open_lib("other", RTLD_NOW);
  close_lib("main", m);
  show("main"), show("other"), show("dep");
  close_lib("other", o);
  show("other"), show("dep");
}

/* Dependencies opened directly keep their own count. */
static void dependency_opened_directly(void) {
  void* m = open_lib("main", RTLD_NOW);
  void* d = open_lib("dep", RTLD_NOW);
  close_lib("main", m);
  show("main"), show("dep");
  close_lib("dep", d);
  show("dep");
}

/* Finalizer order over a diamond: root -> main, other -> dep. */
static void diamond_order(void) {
  void* r = open_lib("root", RTLD_NOW);
  printf("root_value=%d\n", call(r, "root_value"));
  close_lib("root", r);
  show("root"), show("main"), show("other"), show("dep");
}

/* RTLD_NODELETE, at the first open or a later one, and DF_1_NODELETE. */
static void nodelete(void) {
  void* h = open_lib("leaf", RTLD_NOW | RTLD_NODELETE);
  close_lib("leaf (RTLD_NODELETE)", h);
  show("leaf");
  h = open_lib("main", RTLD_NOW);
  void* again = open_lib("main", RTLD_NOW | RTLD_NODELETE | RTLD_NOLOAD);
  close_lib("main", h);
  close_lib("main (NOLOAD|NODELETE)", again);
  show("main"), show("dep");
  h = open_lib("nodel", RTLD_NOW);
  close_lib("nodel (-z nodelete)", h);
  show("nodel");
}

/* An object bound through the global scope stays while its user is open. */
static void relocation_dependency(void) {
  void* g = open_lib("glob", RTLD_NOW | RTLD_GLOBAL);
  void* r = open_lib("ref", RTLD_NOW);
  printf("ref_value=%d\n", call(r, "ref_value"));
  close_lib("glob", g);
  show("glob"), show("ref");
  close_lib("ref", r);
  show("glob"), show("ref");
}

/* dlsym(RTLD_DEFAULT) from the executable makes the definer NODELETE. */
static void default_lookup_from_executable(void) {
  void* g = open_lib("glob", RTLD_NOW | RTLD_GLOBAL);
  printf("found: %d\n", dlsym(RTLD_DEFAULT, "unl_global_value") != NULL);
  close_lib("glob", g);
  show("glob");
}

static void unique_symbol(void) {
  void* h = open_lib("unique", RTLD_NOW);
  printf("unique_value=%d\n", call(h, "unique_value"));
  close_lib("unique", h);
  show("unique");
}

static pthread_barrier_t registered, closed;

static void* registering_thread(void* h) {
  ((void (*)(void))dlsym(h, "register_thread_dtor"))();
  pthread_barrier_wait(&registered);
  pthread_barrier_wait(&closed);
  return NULL;  /* the destructor runs as this thread exits */
}

/* A pending thread_local destructor (l_tls_dtor_count) keeps the object. */
static void thread_dtor(void) {
  void* h = open_lib("tlsdtor", RTLD_NOW);
  pthread_t t;
  pthread_barrier_init(&registered, NULL, 2);
  pthread_barrier_init(&closed, NULL, 2);
  pthread_create(&t, NULL, registering_thread, h);
  pthread_barrier_wait(&registered);
  close_lib("tlsdtor", h);
  show("tlsdtor");
  pthread_barrier_wait(&closed);
  pthread_join(t, NULL);
  show("tlsdtor");
  printf("another dlclose collects it:\n");
  close_lib("leaf", open_lib("leaf", RTLD_NOW));
  show("tlsdtor");
}

/* Anonymous memory must not grow with dlopen/dlclose cycles. */
static long rss_anon_kb(void) {
  FILE* f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "RssAnon:", 8) == 0) kb = strtol(line + 8, NULL, 10);
  fclose(f);
  return kb;
}

static long anon_mapped_kb(void) {
  FILE* f = fopen("/proc/self/maps", "r");
  char line[1024];
  long total = 0;
  while (fgets(line, sizeof line, f)) {
    unsigned long lo, hi;
    char name[512] = "";
    if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %511s", &lo, &hi, name) >= 2 && name[0] == '\0')
      total += (long)(hi - lo);
  }
  fclose(f);
  return total / 1024;
}

static void repeated_cycles(void) {
  long rss = 0, mapped = 0;
  for (int i = 0; i < 250; ++i) {
    void* h = dlopen(path("root"), RTLD_NOW | ((i & 1) ? RTLD_GLOBAL : 0));
    if (h == NULL || call(h, "root_value") != 82) {
      printf("cycle %d failed\n", i);
      return;
    }
    dlclose(h);
    if (i == 49) rss = rss_anon_kb(), mapped = anon_mapped_kb();
  }
  long rss_growth = rss_anon_kb() - rss, mapped_growth = anon_mapped_kb() - mapped;
  printf("200 more cycles: anonymous mappings grew %s, RssAnon grew %s\n",
         mapped_growth == 0 ? "0 KiB" : "(more than 0)", rss_growth <= 8 ? "at most 8 KiB" : "more");
  if (mapped_growth != 0 || rss_growth > 8)
    fprintf(stderr, "mappings +%ld KiB, RssAnon +%ld KiB\n", mapped_growth, rss_growth);
  show("root"), show("dep");
}

/* Four threads dlopen/dlsym/dlclose 200 times while two walk the list
 * (dl_iterate_phdr reading every program header, dladdr). Constructor and
 * destructor lines interleave differently from run to run: they go to
 * /dev/null; what is compared is the end state. */
static volatile int stop_walking;

static int sum_phdrs(struct dl_phdr_info* info, size_t size, void* data) {
  (void)size;
  for (int i = 0; i < info->dlpi_phnum; ++i) *(long*)data += info->dlpi_phdr[i].p_type;
  return 0;
}

static void* walker(void* arg) {
  long sum = 0;
  Dl_info info;
  while (!stop_walking) {
    dl_iterate_phdr(sum_phdrs, &sum);
    dladdr(arg, &info);
  }
  return NULL;
}

static void* cycler(void* name) {
  char file[512];  /* path()'s buffers are not per thread */
  snprintf(file, sizeof file, "%s/libunl_%s.so", dir, (const char*)name);
  for (int i = 0; i < 200; ++i) {
    void* h = dlopen(file, RTLD_NOW);
    if (h == NULL || (dlsym(h, "leaf_value") == NULL && dlsym(h, "root_value") == NULL)) {
      fprintf(stderr, "cycle %d of %s failed: %s\n", i, (const char*)name, h == NULL ? dlerror() : "no symbol");
      return NULL;
    }
    dlclose(h);
  }
  return NULL;
}

static void threads_cycle_while_others_walk(void) {
  static const char* names[4] = {"root", "leaf", "root", "leaf"};
  pthread_t walkers[2], cyclers[4];
  int saved = dup(1), null = open("/dev/null", O_WRONLY);
  dup2(null, 1);
  for (int i = 0; i < 2; ++i) pthread_create(&walkers[i], NULL, walker, (void*)cycler);
  for (int i = 0; i < 4; ++i) pthread_create(&cyclers[i], NULL, cycler, (void*)names[i]);
  for (int i = 0; i < 4; ++i) pthread_join(cyclers[i], NULL);
  stop_walking = 1;
  for (int i = 0; i < 2; ++i) pthread_join(walkers[i], NULL);
  dup2(saved, 1);
  close(null);
  close(saved);
  printf("threads done\n");
  show("root"), show("main"), show("other"), show("dep"), show("leaf");
}

static const struct {
  const char* name;
  void (*run)(void);
} scenarios[] = {
    {"with_dependency", with_dependency},
    {"opened_twice", opened_twice},
    {"shared_dependency", shared_dependency},
    {"dependency_opened_directly", dependency_opened_directly},
    {"diamond_order", diamond_order},
    {"nodelete", nodelete},
    {"relocation_dependency", relocation_dependency},
    {"default_lookup_from_executable", default_lookup_from_executable},
    {"unique_symbol", unique_symbol},
    {"thread_dtor", thread_dtor},
    {"repeated_cycles", repeated_cycles},
    {"threads_cycle_while_others_walk", threads_cycle_while_others_walk},
};

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  if (argc < 2) return 2;
  dir = argv[1];
  for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; ++i) {
    if (argc > 2 && strcmp(argv[2], scenarios[i].name) != 0) continue;
    printf("== %s\n", scenarios[i].name);
    scenarios[i].run();
  }
  printf("== exit\n");
  return 0;
}
