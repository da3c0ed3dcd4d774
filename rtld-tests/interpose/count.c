/* SPDX-License-Identifier: MIT
 * libcount: counts the allocations of the objects whose malloc (and
 * operator new) references are bound to it, and reports the counts at exit.
 * count_malloc reaches the original through dlsym(RTLD_NEXT); count_new
 * through ldr_original_function when ldr provides it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static unsigned long mallocs, news;

void* malloc(size_t n) {
  static void* (*next)(size_t);
  if (next == NULL) next = (void* (*)(size_t))dlsym(RTLD_NEXT, "malloc");
  ++mallocs;
  return next(n);
}

/* operator new(unsigned long) */
void* _Znwm(size_t n) {
  static void* (*next)(size_t);
  if (next == NULL) next = (void* (*)(size_t))dlsym(RTLD_NEXT, "_Znwm");
  ++news;
  return next(n);
}

__attribute__((destructor)) static void report(void) {
  char line[80];
  int len = snprintf(line, sizeof line, "libcount: %lu malloc, %lu new\n", mallocs, news);
  if (write(2, line, (size_t)len) < 0) _exit(3);
}
