// SPDX-License-Identifier: MIT
// Validation of an ELF header and its program headers, read from a file,
// into a LoadPlan: what to map and where. Pure: works on bytes the caller
// read, performs no I/O, so unit tests and fuzzers drive it directly.
#pragma once

#include <cstddef>
#include <cstdint>

#include "elf/types.h"

namespace ldr::elf {

struct LoadPlan {
  Elf64_Half e_type = 0;
  Elf64_Addr e_entry = 0;
  const Elf64_Phdr* phdr = nullptr;  // into the caller's buffer
  Elf64_Half phnum = 0;
  Elf64_Addr span_lo = 0;  // page-aligned start of the lowest PT_LOAD
  Elf64_Addr span_hi = 0;  // page-aligned end of the highest PT_LOAD
  Elf64_Xword max_align = 0;
  Elf64_Addr phdr_vaddr = 0;  // where the program headers are in memory, 0 if unmapped
  int dynamic = -1, tls = -1, relro = -1, interp = -1;  // phdr indices, -1 if absent
  Elf64_Word stack_flags = PF_R | PF_W | PF_X;          // PT_GNU_STACK (glibc's default)
};

// Checks e_ident, type, machine and header sizes. Returns nullptr when the
// header is acceptable, otherwise glibc's wording for the fault. Sets
// *wrong_class_or_machine for the faults a library search skips over.
const char* check_ehdr(const unsigned char* bytes, size_t len, bool* skippable);

// Validates the program headers (phdrs already read from the file, file_size
// its length) and fills *plan. Returns nullptr or the fault's message.
const char* plan_load(const Elf64_Ehdr& eh, const Elf64_Phdr* phdrs, uint64_t file_size,
                      uint64_t page_size, LoadPlan* plan);

// Message for a file too short to hold its ELF header.
inline constexpr const char* kMsgFileTooShort = "file too short";
// Message for an object of another machine (a library search skips it).
inline constexpr const char* kMsgWrongMachine = "ELF file machine does not match host";

}  // namespace ldr::elf
