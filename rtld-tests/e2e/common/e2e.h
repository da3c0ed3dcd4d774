/* SPDX-License-Identifier: MIT
 * Output helpers shared by the e2e fixtures: one "label: value" line per
 * fact, so golden files read as a list of checked behaviours. */
#ifndef LDR_E2E_COMMON_H
#define LDR_E2E_COMMON_H
#include "rt.h"

static inline void say(const char *label, const char *value) {
  rt_print(label);
  rt_print(": ");
  rt_puts(value);
}
static inline void say_num(const char *label, long value) {
  rt_print(label);
  rt_print(": ");
  rt_print_dec(value);
  rt_print("\n");
}
static inline void say_yes(const char *label, int cond) { say(label, cond ? "yes" : "no"); }

#endif
