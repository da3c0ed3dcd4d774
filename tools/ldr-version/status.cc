// SPDX-License-Identifier: MIT
// ldr-version's message helper: one line on stderr, program name first.
#include "status.h"

#include <cstdio>

namespace ldr_version {

void complain(const std::string& what) {
  const std::string line = std::string(kProgram) + ": " + what + "\n";
  fputs(line.c_str(), stderr);
}

}  // namespace ldr_version
