// SPDX-License-Identifier: MIT
// dlinfo's search-path report (RTLD_DI_SERINFOSIZE, then RTLD_DI_SERINFO
// into a buffer of that size) for the program, libc, and two libraries of
// DIR — one with a RUNPATH, one with an RPATH — printed whole.
// Usage: serinfo DIR
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>

static void show(const char* label, void* handle) {
  Dl_serinfo size;
  if (handle == NULL || dlinfo(handle, RTLD_DI_SERINFOSIZE, &size) != 0) {
    printf("%s: %s\n", label, dlerror());
    return;
  }
  Dl_serinfo* si = malloc(size.dls_size);
  si->dls_size = size.dls_size;
  si->dls_cnt = size.dls_cnt;
  if (dlinfo(handle, RTLD_DI_SERINFO, si) != 0) {
    printf("%s: %s\n", label, dlerror());
    return;
  }
  printf("%s: size=%zu count=%u\n", label, size.dls_size, size.dls_cnt);
  for (unsigned int i = 0; i < si->dls_cnt; ++i)
    printf("  %s (%u)\n", si->dls_serpath[i].dls_name, si->dls_serpath[i].dls_flags);
  free(si);
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  char path[4096];
  show("program", dlopen(NULL, RTLD_NOW));
  show("libc", dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD));
  snprintf(path, sizeof path, "%s/libserinfo_runpath.so", argv[1]);
  show("runpath", dlopen(path, RTLD_NOW));
  snprintf(path, sizeof path, "%s/libserinfo_rpath.so", argv[1]);
  show("rpath", dlopen(path, RTLD_NOW));
  return 0;
}
