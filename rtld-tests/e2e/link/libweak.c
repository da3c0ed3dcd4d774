/* SPDX-License-Identifier: MIT
 * libweak: weak undefined references from a shared object; absent_* are
 * defined nowhere (address 0), basic_greeting comes from libdep_basic.
 *   main_weak -> libweak.so -> libdep_basic.so */
#include "e2e.h"

extern void absent_function(void) __attribute__((weak));
extern int absent_object __attribute__((weak));
extern const char *basic_greeting(void) __attribute__((weak));

void weak_report(void) {
  say_yes("library: absent_function is 0", absent_function == 0);
  say_yes("library: &absent_object is 0", &absent_object == 0);
  say("library: weak basic_greeting", basic_greeting ? basic_greeting() : "(null)");
}
