// SPDX-License-Identifier: MIT
// Bump allocator over anonymous mappings: the loader's only heap. Sizes are
// rounded up to 8 bytes; a block given back with release() goes to a free
// list of its exact size and is handed out again (zeroed) to a later request
// of that size, so records of unloaded objects are reused instead of leaked.
// Nothing is ever returned to the kernel. allocate and release take a spin
// lock of the arena's own (dlerror slots and TLS blocks are allocated outside
// the loader lock).
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

  // Gives back a block of n bytes from allocate() (n as requested then).
  // nullptr, and pointers the arena did not hand out, are ignored.
  void release(void* p, size_t n);

  // Whether p lies in memory this arena mapped.
  bool owns(const void* p) const;

  size_t bytes_mapped() const { return mapped_; }
  // Bytes handed out and not released (after the 8-byte rounding).
  size_t bytes_live() const { return live_; }

 private:
  // Exact sizes 8 … 1024 (index = size / 8 - 1): Module records, program
  // header blocks, names. 1 KiB of list heads, not 4: the arena lives in the
  // Runtime, in the loader's .data, and every page of that is a fault.
  static constexpr size_t kBins = 128;
  void* take(size_t n, size_t align);
  void* allocate_locked(size_t n, size_t align);
  void release_locked(void* p, size_t n);

  uintptr_t cur_ = 0;
  uintptr_t end_ = 0;
  size_t mapped_ = 0;
  size_t live_ = 0;
  void* bins_[kBins] = {};  // singly linked through each block's first 8 bytes
  void* large_ = nullptr;   // larger blocks (link maps, TLS): {next, size} headers, exact-size reuse
  void* chunks_ = nullptr;  // mapped chunks, each starting with {next, size}
  int lock_ = 0;
};

}  // namespace ldr::base
