// SPDX-License-Identifier: MIT
// `ldr-version --set`: rewrite the version and revision of the NT_LDR_LIBVERSION
// note(s) reserved at link time, in place. Changes only those 8 payload bytes;
// never adds a note (one outside PT_NOTE would be invisible at run time).
#pragma once

#include <cstdint>
#include <string>

namespace ldr_version {

// Returns an exit status (status.h) and prints its own messages.
int set_version(const std::string& path, uint32_t version, uint32_t revision);

}  // namespace ldr_version
