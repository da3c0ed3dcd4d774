// SPDX-License-Identifier: MIT
// The program's allocator, once libc is relocated (glibc's
// __rtld_malloc_init_real): the malloc family the program's scope defines —
// libc's, or one interposed on it. Memory libc may free (dlerror strings,
// dynamic TLS blocks) must come from it. Before that, ldr's arena serves and
// such memory is never freed.
#pragma once

#include <cstddef>

namespace ldr::glibc {

struct LibcAllocator {
  void* (*malloc)(size_t) = nullptr;
  void* (*calloc)(size_t, size_t) = nullptr;
  void* (*realloc)(void*, size_t) = nullptr;
  void (*free)(void*) = nullptr;
};

// The process's one set of pointers, filled by the glibc personality.
extern LibcAllocator g_libc_allocator;

// n bytes from the program's malloc when libc is up (*by_libc = true), else from the
// loader's arena (*by_libc = false). nullptr when out of memory.
void* allocate(size_t n, bool* by_libc);

}  // namespace ldr::glibc
