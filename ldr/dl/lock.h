// SPDX-License-Identifier: MIT
// The loader lock: serializes dl_open, dl_close, dl_sym and the ldr_* API
// across threads. Recursive, as glibc's dl_load_lock is: an initializer or
// finalizer that dl_open/dl_close runs may itself call them. Nothing else.
#pragma once

#include <cstdint>

#include "arch/x86_64/machine.h"

namespace ldr {

class LoaderLock {
 public:
  LoaderLock() {
    uintptr_t self = arch::thread_pointer();
    if (__atomic_load_n(&owner_, __ATOMIC_RELAXED) != self) {
      uintptr_t expected = 0;
      while (!__atomic_compare_exchange_n(&owner_, &expected, self, false, __ATOMIC_ACQUIRE,
                                          __ATOMIC_RELAXED)) {
        expected = 0;
        __builtin_ia32_pause();
      }
    }
    ++depth_;
  }
  ~LoaderLock() {
    if (--depth_ == 0) __atomic_store_n(&owner_, 0, __ATOMIC_RELEASE);
  }
  LoaderLock(const LoaderLock&) = delete;
  LoaderLock& operator=(const LoaderLock&) = delete;

 private:
  static inline uintptr_t owner_ = 0;  // thread pointer of the holder, 0 when free
  static inline uint32_t depth_ = 0;
};

}  // namespace ldr
