// SPDX-License-Identifier: MIT
// Hosted build-time helper: an opened ELF file (libelf) with its build-id and
// link-time memory reads (section bytes, relocated pointers, C strings).
// Must not be linked into the loader; it throws std::runtime_error on errors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <libelf.h>

namespace glibc_layout {

class ElfFile {
 public:
  explicit ElfFile(const std::string& path);
  ~ElfFile();
  ElfFile(const ElfFile&) = delete;
  ElfFile& operator=(const ElfFile&) = delete;

  const std::string& path() const { return path_; }
  int fd() const { return fd_; }
  Elf* elf() const { return elf_; }

  // NT_GNU_BUILD_ID descriptor bytes; throws if the file has none.
  std::vector<std::uint8_t> build_id() const;

  // Copies `n` bytes at link-time address `vaddr` from a SHT_PROGBITS section.
  std::vector<std::uint8_t> read(std::uint64_t vaddr, std::size_t n) const;
  // The pointer stored at `vaddr` as a link-time address: the RELA addend of an
  // R_X86_64_RELATIVE relocation there, else the in-place bytes (RELR / none).
  std::uint64_t read_pointer(std::uint64_t vaddr) const;
  // NUL-terminated string at link-time address `vaddr`.
  std::string read_cstring(std::uint64_t vaddr) const;
  // Whole file contents (for banner searches).
  std::string contents() const;

 private:
  std::string path_;
  int fd_ = -1;
  Elf* elf_ = nullptr;
};

std::string hex(const std::vector<std::uint8_t>& bytes);

// "/usr/lib/debug" + "/.build-id/xx/yyyy.debug".
std::string debug_path_for(const std::string& debug_root, const std::vector<std::uint8_t>& id);

}  // namespace glibc_layout
