// SPDX-License-Identifier: MIT
// Diag: the first error of an operation, in glibc's shape
// "PROG: OCCASION: OBJECT: MESSAGE[: strerror]". Fallible functions take a
// Diag& and return false; start-up prints it and exits with its status,
// dlopen (later) turns it into dlerror text. No allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace ldr {

inline constexpr const char* kOccasionLoad = "error while loading shared libraries";
inline constexpr const char* kOccasionSymbol = "symbol lookup error";
inline constexpr const char* kOccasionReloc = "error while loading shared libraries";
inline constexpr int kExitLoadFailure = 127;

struct Diag {
  bool failed = false;
  int status = kExitLoadFailure;
  int errnum = 0;  // appended as ": strerror" when nonzero
  const char* occasion = kOccasionLoad;
  // Not initialized beyond the first byte: `= {}` arrays made every `Diag d;`
  // a copy of a 1.5 KiB template per translation unit, in .data since it
  // held the occasion pointer (six templates, three of ldr's data pages
  // dirtied by self-relocation), and touched 1.5 KiB of stack per Diag.
  char object[512];  // NUL-terminated; only what fail() writes is read
  char message[1024];

  Diag() {
    object[0] = '\0';
    message[0] = '\0';
  }

  // Records a failure (the first one wins). The message is the concatenation of parts.
  void fail(const char* occasion, const char* object, std::initializer_list<const char*> parts,
            int errnum = 0);
  // Appends text to the recorded message (for multi-part details such as version lists).
  void append(std::initializer_list<const char*> parts);
};

// glibc's text for the errno values the loader reports.
const char* error_text(int errnum);

// Writes d as dlerror() shows it, "OBJECT: MESSAGE[: strerror]" (no object:
// no prefix), NUL-terminated and cut to out[0, cap).
void format_for_dlerror(const Diag& d, char* out, size_t cap);

// Prints "PROG: OCCASION: OBJECT: MESSAGE[: strerror]" to fd 2 and exits with d.status.
[[noreturn]] void die(const char* progname, const Diag& d);

// Prints one line "PROG: TEXT" to fd 2 (warnings that do not stop the program).
void warn(const char* progname, std::initializer_list<const char*> parts);

}  // namespace ldr
