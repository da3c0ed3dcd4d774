// SPDX-License-Identifier: MIT
// The switch between ldr's arena and the program's malloc (libc_malloc.h).
#include "glibc/libc_malloc.h"

#include "runtime.h"

namespace ldr::glibc {

LibcAllocator g_libc_allocator;

void* allocate(size_t n, bool* by_libc) {
  if (g_libc_allocator.malloc != nullptr) {
    *by_libc = true;
    return g_libc_allocator.malloc(n);
  }
  *by_libc = false;
  return runtime().arena.allocate(n, 16);
}

}  // namespace ldr::glibc
