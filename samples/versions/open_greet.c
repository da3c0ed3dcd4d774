/* SPDX-License-Identifier: MIT
 * open_greet: the run-time API (<ldr/ldr.h>) in a libc-free program, linked
 * against ldr. For each version on the command line it asks for libgreet.so.1
 * with ldr_open_library(name, version), shows what it got (or ldr_error()),
 * calls it through ldr_library_symbol and closes it again, which unloads it:
 * the next request searches afresh. */
#include <ldr/ldr.h>

#include "rt.h"

static unsigned parse(const char *s) {
  unsigned v = 0;
  while (*s >= '0' && *s <= '9') v = v * 10 + (unsigned)(*s++ - '0');
  return v;
}

int main(int argc, char **argv) {
  int failures = 0;
  for (int i = 1; i < argc; ++i) {
    unsigned want = parse(argv[i]);
    rt_print("ldr_open_library(\"libgreet.so.1\", ");
    rt_print_dec(want);
    rt_print(") -> ");
    ldr_library *lib = ldr_open_library("libgreet.so.1", want);
    if (lib == 0) {
      const char *e = ldr_error();
      rt_print("NULL: ");
      rt_puts(e != 0 ? e : "?");
      ++failures;
      continue;
    }
    unsigned version = 0, revision = 0;
    ldr_library_version(lib, &version, &revision);
    rt_print("version ");
    rt_print_dec(version);
    rt_print(".");
    rt_print_dec(revision);
    rt_print(": ");
    void (*say)(const char *) = (void (*)(const char *))ldr_library_symbol(lib, "greet_say");
    if (say != 0) say("open_greet");
    ldr_close_library(lib);
  }
  return failures;
}
