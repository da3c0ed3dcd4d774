// SPDX-License-Identifier: MIT
// A spin lock on an int word, held for the guard's scope: for the loader's
// short critical sections that must not depend on libc or on the loader
// lock (the arena, the TLS slot table, dlerror texts). Not reentrant; not
// for long waits. SignalsBlocked keeps every signal out for its scope, for a
// lock a signal handler on the same thread may want (the TLS slot table's).
#pragma once

#include <cstdint>

#include "base/sys.h"

namespace ldr::base {

class SignalsBlocked {
 public:
  SignalsBlocked() {
    static constexpr uint64_t kAll = ~uint64_t{0};
    sys_rt_sigprocmask(kSigBlock, &kAll, &saved_);
  }
  ~SignalsBlocked() { sys_rt_sigprocmask(kSigSetmask, &saved_, nullptr); }
  SignalsBlocked(const SignalsBlocked&) = delete;
  SignalsBlocked& operator=(const SignalsBlocked&) = delete;

 private:
  uint64_t saved_ = 0;
};

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
