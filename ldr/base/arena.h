// SPDX-License-Identifier: MIT
// Bump allocator over anonymous mappings: the loader's only heap. Memory lives
// until the arena is released; there is no per-object free. Not thread-safe:
// callers hold the loader lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>

namespace ldr::base {

class Arena {
 public:
  constexpr Arena() = default;

  // Zeroed memory of n bytes aligned to `align` (a power of two ≤ 4096), or
  // nullptr when the system is out of memory.
  [[nodiscard]] void* allocate(size_t n, size_t align = 16);

  template <typename T>
  [[nodiscard]] T* make() {
    void* p = allocate(sizeof(T), alignof(T));
    return p != nullptr ? new (p) T() : nullptr;
  }

  template <typename T>
  [[nodiscard]] T* make_array(size_t n) {
    if (n > SIZE_MAX / sizeof(T)) return nullptr;
    void* p = allocate(sizeof(T) * n, alignof(T));
    return static_cast<T*>(p);
  }

  // Copies a string into the arena.
  [[nodiscard]] char* dup(const char* s);
  [[nodiscard]] char* dup(const char* s, size_t n);

  size_t bytes_mapped() const { return mapped_; }

 private:
  uintptr_t cur_ = 0;
  uintptr_t end_ = 0;
  size_t mapped_ = 0;
};

}  // namespace ldr::base
