// SPDX-License-Identifier: MIT
// The failure path of LDR_CHECK.
#include "base/check.h"

#include "base/fmt.h"

namespace ldr::base {

void check_failed(const char* file, int line, const char* expr) {
  {
    FdWriter w(2);
    w.str("ldr: internal error at ").str(file).ch(':').dec(static_cast<uint64_t>(line))
        .str(": ").str(expr).nl();
  }
  __builtin_trap();
}

}  // namespace ldr::base
