// SPDX-License-Identifier: MIT
// ldr-version's output: the Amiga-style summary (id string, version, merged
// requirements) and the --notes dump of every LDR note. Prints only; the
// exit status is decided by the caller from what it returns.
#pragma once

#include <string>

#include "elf/note.h"
#include "elf_file.h"

namespace ldr_version {

// Prints the summary of `notes` (decoded from file). Returns false if the
// requirements could not be re-read (then it has complained).
bool print_summary(const std::string& path, const ElfFile& file, const ldr::elf::LdrNotes& notes);

// Prints every LDR note, grouped by note segment. Returns the number printed,
// or -1 on a malformed note (then it has complained).
int print_notes(const std::string& path, const ElfFile& file);

// Text from a file, made safe for a terminal: control bytes become \xNN.
std::string printable(const char* s, size_t len);

}  // namespace ldr_version
