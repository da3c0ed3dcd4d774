/* SPDX-License-Identifier: MIT
 * main_interpose: defines who() and pwho(), which libinterpose defines too.
 *   main_interpose -> libinterpose.so */
#include "e2e.h"

const char *lib_calls_who(void);
const char *lib_calls_pwho(void);

const char *who(void) { return "program who"; }
const char *pwho(void) { return "program pwho"; }

int main(void) {
  say("program calls who", who());
  say("library calls who", lib_calls_who());
  say("program calls pwho", pwho());
  say("library calls protected pwho", lib_calls_pwho());
  return 0;
}
