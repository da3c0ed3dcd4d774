/* SPDX-License-Identifier: MIT
 * setfn_threads: ldr_set_function against a concurrent dlopen/dlclose. One
 * thread opens and closes libgetpid_probe and calls it 300 times while the
 * main thread flips getpid between a replacement and the original 300
 * times. Every call must see one of the two targets, and at the end (the
 * original restored) both the program and a fresh open see the real pid. */
#include <dlfcn.h>
#include <ldr/ldr.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static const char* probe_path;
static pid_t real_pid;
static int bad_results;

static pid_t fake_getpid(void) { return 4242; }

static int call_probe(void) {
  void* lib = dlopen(probe_path, RTLD_NOW);
  int (*probe)(void) = lib != NULL ? (int (*)(void))dlsym(lib, "probe_getpid") : NULL;
  int v = probe != NULL ? probe() : -1;
  if (lib != NULL) dlclose(lib);
  return v;
}

static void* opener(void* arg) {
  (void)arg;
  for (int i = 0; i < 300; ++i) {
    int v = call_probe();
    if (v != 4242 && v != real_pid) __atomic_add_fetch(&bad_results, 1, __ATOMIC_RELAXED);
  }
  return NULL;
}

int main(int argc, char** argv) {
  if (!LDR_API_AVAILABLE() || argc < 2) return 2;
  probe_path = argv[1];
  real_pid = getpid();
  pthread_t t;
  pthread_create(&t, NULL, opener, NULL);
  void* original = ldr_original_function("getpid");
  for (int i = 0; i < 300; ++i) {
    ldr_set_function("getpid", (void*)fake_getpid);
    pid_t v = getpid();
    if (v != 4242 && v != real_pid) ++bad_results;
    ldr_set_function("getpid", original);
  }
  pthread_join(t, NULL);
  printf("bad results: %d\nrestored: %d %d\n", bad_results, getpid() == real_pid, call_probe() == real_pid);
  return 0;
}
