/* SPDX-License-Identifier: MIT
 * main_api: ldr_open_library's negotiation in a libc-free program: too old
 * (before and after loading: the loaded object is authoritative), missing,
 * unversioned; ldr_library_version; ldr_error after each failure.
 *   main_api -(ldr_open_library)-> libapi.so.1 (2.3, in unload/v23/), libapi_plain.so */
#include <ldr/ldr.h>

#include "e2e.h"

static ldr_library *try_open(const char *name, unsigned version) {
  ldr_library *l = ldr_open_library(name, version);
  rt_print("ldr_open_library(");
  rt_print(name);
  rt_print(", ");
  rt_print_dec(version);
  rt_print("): ");
  if (l != 0) {
    rt_puts("handle");
  } else {
    const char *e = ldr_error();
    rt_puts(e != 0 ? e : "NULL without an error");
  }
  return l;
}

static void show_version(ldr_library *l) {
  unsigned v = 0, r = 0;
  int rc = ldr_library_version(l, &v, &r);
  rt_print("  ldr_library_version: ");
  if (rc == 0) {
    rt_print_dec(v);
    rt_print(".");
    rt_print_dec(r);
    rt_print("\n");
  } else {
    const char *e = ldr_error();
    rt_puts(e != 0 ? e : "-1 without an error");
  }
}

int main(void) {
  try_open("libapi.so.1", 3);
  ldr_library *api = try_open("libapi.so.1", 2);
  show_version(api);
  int (*answer)(void) = (int (*)(void))ldr_library_symbol(api, "api_answer");
  say_num("  api_answer", answer != 0 ? answer() : -1);
  say("  no error pending", ldr_error() == 0 ? "yes" : "no");
  try_open("libapi.so.1", 3);
  ldr_library *same = try_open("libapi.so.1", 0);
  say_yes("  same handle", same == api);
  try_open("libnope.so.1", 1);
  try_open("libapi_plain.so", 1);
  ldr_library *plain = try_open("libapi_plain.so", 0);
  show_version(plain);
  say_num("close plain", ldr_close_library(plain));
  say_num("close api", ldr_close_library(api));
  say_num("close api again", ldr_close_library(same));
  say_num("close api once more", ldr_close_library(same));
  const char *e = ldr_error();
  say("ldr_error", e != 0 ? e : "(none)");
  return 0;
}
