/* SPDX-License-Identifier: MIT
 * main_args: prints argc and argv as the program sees them (for --argv0). */
#include "e2e.h"

int main(int argc, char **argv) {
  say_num("argc", argc);
  for (int i = 0; i < argc; i++) {
    rt_print("argv[");
    rt_print_dec(i);
    rt_print("]: ");
    rt_puts(argv[i]);
  }
  return 0;
}
