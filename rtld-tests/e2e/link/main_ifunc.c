/* SPDX-License-Identifier: MIT
 * main_ifunc: calls a library's exported IFUNC (directly and through a
 * pointer), the library's local IFUNC, its own local IFUNC (IRELATIVE in
 * the executable) and its own exported IFUNC, which the library calls.
 *   main_ifunc -> libifunc.so */
#include "e2e.h"

int lib_pick(void);
int lib_calls_pick(void);
int lib_calls_exe_pick(void);
const char *lib_calls_local(void);

static const char *exe_generic(void) { return "exe generic"; }
static const char *exe_tuned(void) { return "exe tuned"; }
static int resolver_calls;
static const char *(*resolve_exe(void))(void) {
  resolver_calls++;
  return resolver_calls > 0 ? exe_tuned : exe_generic;
}
static const char *exe_pick(void) __attribute__((ifunc("resolve_exe")));

static int exported_generic(void) { return 10; }
static int exported_tuned(void) { return 20; }
static int (*resolve_exported(void))(void) { return resolver_calls >= 0 ? exported_tuned : exported_generic; }
int exe_exported_pick(void) __attribute__((ifunc("resolve_exported")));

int (*volatile pick_ptr)(void) = lib_pick;

int main(void) {
  say_num("lib_pick() from the program", lib_pick());
  say_num("lib_pick() through a pointer", pick_ptr());
  say_num("lib_pick() from the library", lib_calls_pick());
  say("library local IFUNC", lib_calls_local());
  say("program local IFUNC", exe_pick());
  say_num("program's exported IFUNC from the program", exe_exported_pick());
  say_num("program's exported IFUNC from the library", lib_calls_exe_pick());
  return 0;
}
