/* SPDX-License-Identifier: MIT
 * main_copy (ET_EXEC): reads a library's data objects through COPY
 * relocations; the library must then use the executable's copy.
 *   main_copy -> libdata.so */
#include "e2e.h"

extern int lib_counter;
extern char lib_message[16];
int *lib_counter_addr(void);
int lib_bump(void);
const char *lib_message_seen_by_lib(void);
extern char __executable_start[], _end[];

int main(void) {
  char *p = (char *)&lib_counter;
  say_num("lib_counter initial value", lib_counter);
  say("lib_message", lib_message);
  say_yes("lib_counter lives in the executable", p >= __executable_start && p < _end);
  say_yes("library uses the executable's copy", lib_counter_addr() == &lib_counter);
  lib_counter = 100;
  say_num("lib_bump() after the program wrote 100", lib_bump());
  say_num("program reads lib_counter", lib_counter);
  lib_message[0] = 'L';
  say("library reads lib_message", lib_message_seen_by_lib());
  return 0;
}
