// SPDX-License-Identifier: MIT
// Reading what the kernel handed over: argc, argv, envp and the auxiliary
// vector; and the environment variables that steer ldr (with glibc's
// secure-mode filtering).
#pragma once

#include <cstdint>

namespace ldr {

struct Runtime;

// Parses the initial stack at sp into rt.startup.
void read_initial_stack(Runtime& rt, uintptr_t* sp);

// Reads LD_*/LDR_* variables into rt.options and the trace state. In secure
// mode the variables glibc treats as unsafe are removed from the environment.
void read_environment(Runtime& rt);

}  // namespace ldr
