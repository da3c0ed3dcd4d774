/* SPDX-License-Identifier: MIT
 * api: a glibc program using <ldr/ldr.h> through weak references only (not
 * linked against ldr). Under glibc's ld.so the functions are null; under ldr
 * they negotiate versions, report failures through ldr_error() and dlerror()
 * alike, hand out dlopen-compatible handles and unload at the last close.
 * Usage: api DIR (DIR holds libunl_ver.so.1, version 2.3, and libunl_leaf.so). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <ldr/ldr.h>
#include <stdio.h>
#include <string.h>

static const char* dir;

static int in_maps(const char* needle) {
  FILE* f = fopen("/proc/self/maps", "r");
  char line[1024];
  int n = 0;
  while (fgets(line, sizeof line, f))
    if (strstr(line, needle) != NULL) n = 1;
  fclose(f);
  return n;
}

static ldr_library* try_open(const char* name, unsigned version) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  ldr_library* l = ldr_open_library(name[0] == '-' ? name + 1 : path, version);
  printf("ldr_open_library(%s, %u): ", name, version);
  if (l != NULL) {
    printf("handle\n");
  } else {
    const char* e = ldr_error();
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", e != NULL ? e : "(no ldr_error)");
    const char* d = dlerror();
    printf("%s\n  dlerror: %s\n", copy, d == NULL ? "(none)" : strcmp(d, copy) == 0 ? "the same" : d);
  }
  return l;
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  if (argc < 2) return 2;
  dir = argv[1];
  printf("ldr API available: %s\n", LDR_API_AVAILABLE() ? "yes" : "no");
  if (!LDR_API_AVAILABLE()) return 0;
  try_open("libunl_ver.so.1", 3);
  ldr_library* ver = try_open("libunl_ver.so.1", 2);
  unsigned v = 0, r = 0;
  int rc = ldr_library_version(ver, &v, &r);
  printf("  version %d: %u.%u\n", rc, v, r);
  int (*f)(void) = (int (*)(void))dlsym(ver, "ver_value");
  printf("  dlsym on the handle: %d, same as ldr_library_symbol: %d\n", f != NULL ? f() : -1,
         (void*)f == ldr_library_symbol(ver, "ver_value"));
  try_open("libunl_ver.so.1", 3);
  try_open("-libunl_nope.so.1", 1);
  try_open("libunl_leaf.so", 1);
  ldr_library* leaf = try_open("libunl_leaf.so", 0);
  rc = ldr_library_version(leaf, &v, &r);
  const char* e = ldr_error();
  printf("  version %d: %s\n", rc, e != NULL ? e : "(no error)");
  printf("mapped: ver %d leaf %d\n", in_maps("/libunl_ver.so.1"), in_maps("/libunl_leaf.so"));
  printf("close ver:\n");
  rc = ldr_close_library(ver);
  printf("  %d\nclose leaf:\n", rc);
  rc = ldr_close_library(leaf);
  printf("  %d\n", rc);
  printf("mapped: ver %d leaf %d\n", in_maps("/libunl_ver.so.1"), in_maps("/libunl_leaf.so"));
  rc = ldr_close_library(ver);
  e = ldr_error();
  printf("close ver again: %d: %s\n", rc, e != NULL ? e : "(no error)");
  return 0;
}
