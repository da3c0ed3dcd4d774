/* SPDX-License-Identifier: MIT
 * main_unload: a libc-free program that opens libunl_top.so (which needs
 * libunl_bottom.so) with ldr_open_library and closes it: destructors of
 * both run (top first), the mappings go, a second open runs the
 * constructors again; two opens need two closes. Linked against ldr.
 *   main_unload -(ldr_open_library)-> libunl_top.so -> libunl_bottom.so */
#include <ldr/ldr.h>

#include "e2e.h"
#include "maps.h"

static void show(void) {
  say_yes("  top mapped", in_maps("/libunl_top.so"));
  say_yes("  bottom mapped", in_maps("/libunl_bottom.so"));
}

int main(void) {
  say_yes("api available", LDR_API_AVAILABLE());
  ldr_library *top = ldr_open_library("libunl_top.so", 0);
  say_yes("open top", top != 0);
  int (*value)(void) = (int (*)(void))ldr_library_symbol(top, "libunl_top_value");
  say_num("libunl_top_value", value != 0 ? value() : -1);
  show();
  say_num("close top", ldr_close_library(top));
  show();
  top = ldr_open_library("libunl_top.so", 0);
  ldr_library *again = ldr_open_library("libunl_top.so", 0);
  say_yes("same handle", top == again);
  say_num("close 1 of 2", ldr_close_library(top));
  show();
  say_num("close 2 of 2", ldr_close_library(again));
  show();
  say_num("close once more", ldr_close_library(again));
  const char *e = ldr_error();
  say("ldr_error", e != 0 ? e : "(none)");
  e = ldr_error();
  say("ldr_error again", e != 0 ? e : "(none)");
  return 0;
}
