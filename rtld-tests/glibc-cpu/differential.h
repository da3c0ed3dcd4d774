// SPDX-License-Identifier: MIT
// The differential mode of glibc_cpu_test (differential.cc): ldr's port
// against glibc's own code on `count` random replayed machines.
#pragma once

// Returns 0 if every case matched.
int run_differential(unsigned count, unsigned seed);
