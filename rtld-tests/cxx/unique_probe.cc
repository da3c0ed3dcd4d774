// SPDX-License-Identifier: MIT
// unique_probe DIR: opens libunique_a and libunique_b with RTLD_LOCAL and
// asks each for the address of the same template static: one instance.
#include <dlfcn.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  std::string dir = argv[1];
  void* a = dlopen((dir + "/libunique_a.so").c_str(), RTLD_NOW | RTLD_LOCAL);
  void* b = dlopen((dir + "/libunique_b.so").c_str(), RTLD_NOW | RTLD_LOCAL);
  if (a == nullptr || b == nullptr) {
    std::printf("dlopen: %s\n", dlerror());
    return 1;
  }
  auto* fa = reinterpret_cast<int* (*)()>(dlsym(a, "counter_a"));
  auto* fb = reinterpret_cast<int* (*)()>(dlsym(b, "counter_b"));
  int* pa = fa();
  int* pb = fb();
  *pa += 1;
  std::printf("one instance: %s, value seen through b: %d\n", pa == pb ? "yes" : "no", *pb);
  return 0;
}
