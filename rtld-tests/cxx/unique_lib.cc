// SPDX-License-Identifier: MIT
// libunique_a / libunique_b: the same template static member (GCC emits it
// as STB_GNU_UNIQUE), each library with its own accessor. glibc keeps one
// instance for the process even when both are opened RTLD_LOCAL.
template <int N>
struct Counter {
  static int value;
};
template <int N>
int Counter<N>::value = 100;

extern "C" int* LIBNAME() { return &Counter<7>::value; }
