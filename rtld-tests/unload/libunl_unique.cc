// SPDX-License-Identifier: MIT
// A library defining an STB_GNU_UNIQUE symbol (a static local of an inline
// function): glibc makes such an object NODELETE when the symbol is bound.
#include <cstdio>

inline int& counter() {
  static int c = 5;
  return c;
}

extern "C" int unique_value() { return ++counter(); }

__attribute__((destructor)) static void unl_fini() { std::printf("fini unique\n"); }
