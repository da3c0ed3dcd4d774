// SPDX-License-Identifier: MIT
// A spin lock on an int word, held for the guard's scope: for the loader's
// short critical sections that must not depend on libc or on the loader
// lock (the arena, the TLS slot table, dlerror texts). Not reentrant; not
// for long waits.
#pragma once

namespace ldr::base {

class SpinGuard {
 public:
  explicit SpinGuard(int* word) : word_(word) {
    while (__atomic_exchange_n(word_, 1, __ATOMIC_ACQUIRE) != 0) __builtin_ia32_pause();
  }
  ~SpinGuard() { __atomic_store_n(word_, 0, __ATOMIC_RELEASE); }
  SpinGuard(const SpinGuard&) = delete;
  SpinGuard& operator=(const SpinGuard&) = delete;

 private:
  int* word_;
};

}  // namespace ldr::base
