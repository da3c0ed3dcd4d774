/* SPDX-License-Identifier: MIT
 * main_weak: weak undefined references resolve to address 0 (in the
 * program and in its library); a weak reference to a defined symbol binds.
 *   main_weak -> libweak.so -> libdep_basic.so */
#include "e2e.h"

void weak_report(void);
extern void absent_function(void) __attribute__((weak));
extern const char *basic_greeting(void) __attribute__((weak));
void (*volatile absent_ptr)(void) = absent_function;

int main(void) {
  say_yes("program: absent_function is 0", absent_ptr == 0);
  say("program: weak basic_greeting", basic_greeting ? basic_greeting() : "(null)");
  weak_report();
  return 0;
}
