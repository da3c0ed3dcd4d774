// SPDX-License-Identifier: MIT
// Timing and the LDR_DEBUG=statistics report (glibc's labels, in ns).
#pragma once

#include <cstdint>

namespace ldr {

struct Runtime;

uint64_t monotonic_ns();

// Records the time in *slot when LDR_DEBUG=statistics will print it: each
// reading is a clock_gettime system call (the vDSO is not set up this early).
void stamp(uint64_t* slot);
void print_statistics(const Runtime& rt);

}  // namespace ldr
