// SPDX-License-Identifier: MIT
// The command line of `ldr [OPTION]... PROGRAM [ARGS]...`, with glibc ld.so's
// option names, messages and exit codes.
#pragma once

namespace ldr {

struct Runtime;

// Parses ldr's own options from rt.startup.argv. Returns the index of the
// program's path in argv. Prints and exits for --help, --version and usage
// errors (status 1, as glibc).
int parse_options(Runtime& rt);

}  // namespace ldr
