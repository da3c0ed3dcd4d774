// SPDX-License-Identifier: MIT
// Non-local exit (arch/x86_64/jump.S): ldr_setjmp returns 0, then the value
// passed to ldr_longjmp (never 0). No signal mask is saved.
#pragma once

#include <cstdint>

struct LdrJumpBuffer {
  uint64_t regs[8];  // rbx, rbp, r12-r15, rsp, rip
};

extern "C" {
__attribute__((returns_twice)) int ldr_setjmp(LdrJumpBuffer* buf);
[[noreturn]] void ldr_longjmp(LdrJumpBuffer* buf, int value);
}
