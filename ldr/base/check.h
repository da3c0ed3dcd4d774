// SPDX-License-Identifier: MIT
// LDR_CHECK: an internal invariant. A failure is a loader bug, not bad input:
// it prints file:line and traps. Bad input goes through diag/ instead.
#pragma once

namespace ldr::base {
[[noreturn]] void check_failed(const char* file, int line, const char* expr);
}

#define LDR_CHECK(cond)                                                  \
  do {                                                                   \
    if (!(cond)) [[unlikely]]                                            \
      ::ldr::base::check_failed(__FILE__, __LINE__, #cond);              \
  } while (0)
