/* SPDX-License-Identifier: MIT
 * main_basic: calls into one library; built as PIE and as ET_EXEC (-no-pie).
 *   main_basic -> libdep_basic.so
 * Exits with 3 to show the status passes through the finalizer path. */
#include "e2e.h"

const char *basic_greeting(void);
int basic_add(int a, int b);

int main(int argc, char **argv) {
  (void)argv;
  say("greeting", basic_greeting());
  say_num("basic_add(40, 2)", basic_add(40, 2));
  say_num("argc", argc);
  return 3;
}
