// SPDX-License-Identifier: MIT
// An Image is a loaded object's memory seen through its link-time addresses:
// a load bias and the span [lo, hi) of valid vaddrs. Tables are range-checked
// through it once when decoded, so the hot paths can then use plain pointers.
// Unit tests point an Image at a byte buffer.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ldr::elf {

struct Image {
  uintptr_t bias = 0;
  uint64_t lo = 0, hi = 0;  // valid link-time addresses: [lo, hi)

  bool contains(uint64_t vaddr, uint64_t size) const {
    return vaddr >= lo && vaddr <= hi && size <= hi - vaddr;
  }
  template <typename T>
  T* at(uint64_t vaddr) const {
    return reinterpret_cast<T*>(bias + vaddr);
  }
};

}  // namespace ldr::elf
