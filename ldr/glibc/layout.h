// SPDX-License-Identifier: MIT
// The generated glibc layouts (tools/glibc-layout → glibc_layout.h), under a
// short alias, plus typed stores at a Field. Every glibc offset ldr uses
// comes through here.
#pragma once

#include <cstddef>
#include <cstdint>

#include "glibc_layout.h"

namespace ldr::glibc {

namespace L = ::ldr::glibc::layout;

template <typename T>
inline void put(void* record, L::Field f, T value) {
  static_assert(sizeof(T) <= 8);
  __builtin_memcpy(static_cast<unsigned char*>(record) + f.offset, &value, sizeof value);
}

template <typename T>
inline T get(const void* record, L::Field f) {
  T v;
  __builtin_memcpy(&v, static_cast<const unsigned char*>(record) + f.offset, sizeof v);
  return v;
}

template <typename T>
inline T* ptr(void* record, L::Field f) {
  return reinterpret_cast<T*>(static_cast<unsigned char*>(record) + f.offset);
}

}  // namespace ldr::glibc
