/* SPDX-License-Identifier: MIT
 * main_ifunc_ref: exports an IFUNC whose address its library takes.
 *   main_ifunc_ref -> libifunc_ref.so */
#include "e2e.h"

int lib_calls_exe_ifunc_ptr(void);

static int exe_generic(void) { return 30; }
static int exe_tuned(void) { return 40; }
static int tuned = 1;
static int (*resolve_exe_ifunc(void))(void) { return tuned ? exe_tuned : exe_generic; }
int exe_ifunc(void) __attribute__((ifunc("resolve_exe_ifunc")));

int main(void) {
  say_num("exe_ifunc() from the program", exe_ifunc());
  say_num("exe_ifunc() through the library's pointer", lib_calls_exe_ifunc_ptr());
  return 0;
}
