/* SPDX-License-Identifier: MIT
 * setfn_nolibc: ldr_set_function in a libc-free program. greet() lives in
 * libgreetfn; the program and libgreetuser call it. The replacement calls
 * through to the original; restoring brings the original back everywhere. */
#include <ldr/ldr.h>

#include "rt.h"

const char* greet(void);
const char* greet_through_user(void);

static const char* (*original)(void);
static char buffer[64];

static const char* loud_greet(void) {
  const char* s = original();
  unsigned i = 0;
  for (; s[i] != '\0' && i + 2 < sizeof buffer; ++i) buffer[i] = s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i];
  buffer[i++] = '!';
  buffer[i] = '\0';
  return buffer;
}

static void show(const char* when) {
  rt_print(when);
  rt_print(": ");
  rt_print(greet());
  rt_print(" / ");
  rt_puts(greet_through_user());
}

int main(void) {
  show("before");
  original = (const char* (*)(void))ldr_set_function("greet", (void*)loud_greet);
  rt_puts(original == ldr_original_function("greet") ? "previous is the original" : "previous differs");
  show("replaced");
  void* back = ldr_set_function("greet", (void*)original);
  rt_puts(back == (void*)loud_greet ? "restore returns the replacement" : "restore returned another");
  show("restored");
  return 0;
}
