// SPDX-License-Identifier: MIT
// Opens an ELF file read-only with libelf and finds the note ranges the
// loader would see: PT_NOTE segments (or SHT_NOTE sections in a file without
// program headers, e.g. a .o). Hosted; decoding is left to ldr/elf/note.h.
#pragma once

#include <libelf.h>

#include <cstdint>
#include <string>
#include <vector>

#include "elf/note.h"

namespace ldr_version {

struct NoteRange {
  ldr::elf::NoteSpan span;  // into the mapped file
  uint64_t offset = 0;      // file offset
  bool segment = true;      // PT_NOTE, or (no program headers) an SHT_NOTE section
  std::string section;      // section name when !segment
};

class ElfFile {
 public:
  ElfFile() = default;
  ElfFile(const ElfFile&) = delete;
  ElfFile& operator=(const ElfFile&) = delete;
  ~ElfFile();

  // Opens and validates path. On failure returns false with *error set to a
  // message without the program name ("FILE: not an ELF file").
  [[nodiscard]] bool open(const std::string& path, std::string* error);

  const std::vector<NoteRange>& ranges() const { return ranges_; }
  Elf* elf() const { return elf_; }  // for other readers of the same file (ldr-cache)
  std::vector<ldr::elf::NoteSpan> spans() const;

  // SHT_NOTE sections holding LDR notes that no PT_NOTE segment covers:
  // invisible at run time (e.g. added after the link by objcopy).
  std::vector<std::string> stray_ldr_sections() const;

 private:
  bool collect(const std::string& path, std::string* error);

  int fd_ = -1;
  Elf* elf_ = nullptr;
  const unsigned char* raw_ = nullptr;
  size_t raw_size_ = 0;
  std::vector<NoteRange> ranges_;
};

// Does [off, off + size) lie inside one PT_NOTE segment's file range?
bool in_pt_note(Elf* elf, uint64_t off, uint64_t size);

}  // namespace ldr_version
