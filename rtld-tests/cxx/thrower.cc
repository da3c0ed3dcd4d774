// SPDX-License-Identifier: MIT
// libthrower: C++ exceptions for dl_stress, a C program: throws through a
// few frames and catches, so the unwinder looks objects up (_dl_find_object,
// dl_iterate_phdr) while other threads load and unload libraries.
#include <stdexcept>

namespace {

[[gnu::noinline]] void deep(int n) {
  if (n == 0) throw std::runtime_error("bottom");
  deep(n - 1);
}

}  // namespace

extern "C" int throw_and_catch(int depth) {
  try {
    deep(depth);
  } catch (const std::runtime_error&) {
    return 1;
  }
  return 0;
}
