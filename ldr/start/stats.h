// SPDX-License-Identifier: MIT
// Timing and the LDR_DEBUG=statistics report (glibc's labels, in ns).
#pragma once

#include <cstdint>

namespace ldr {

struct Runtime;

uint64_t monotonic_ns();
void print_statistics(const Runtime& rt);

}  // namespace ldr
