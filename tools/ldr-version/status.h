// SPDX-License-Identifier: MIT
// ldr-version's exit statuses (AmigaDOS return codes, as the VERSION command
// used them) and its one-line message helpers. Hosted code.
#pragma once

#include <string>

namespace ldr_version {

inline constexpr int kExitOk = 0;      // RETURN_OK: at least the requested version
inline constexpr int kExitWarn = 5;    // RETURN_WARN: older than requested
inline constexpr int kExitError = 10;  // RETURN_ERROR: no version note (to read or to rewrite)
inline constexpr int kExitFail = 20;   // RETURN_FAIL: usage, I/O, not ELF, malformed notes

inline constexpr const char* kProgram = "ldr-version";

// "ldr-version: WHAT" on stderr, newline added.
void complain(const std::string& what);

}  // namespace ldr_version
