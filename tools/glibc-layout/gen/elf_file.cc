// SPDX-License-Identifier: MIT
// libelf-based reader used by the glibc-layout generator (hosted, build time
// only): build-id note, section bytes at link-time addresses, relocations.
#include "elf_file.h"

#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace glibc_layout {

ElfFile::ElfFile(const std::string& path) : path_(path) {
  elf_version(EV_CURRENT);
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  elf_ = elf_begin(fd_, ELF_C_READ_MMAP, nullptr);
  if (elf_ == nullptr || elf_kind(elf_) != ELF_K_ELF) {
    throw std::runtime_error(path + ": not an ELF file: " + elf_errmsg(-1));
  }
}

ElfFile::~ElfFile() {
  if (elf_ != nullptr) elf_end(elf_);
  if (fd_ >= 0) ::close(fd_);
}

std::vector<std::uint8_t> ElfFile::build_id() const {
  const void* p = nullptr;
  ssize_t n = dwelf_elf_gnu_build_id(elf_, &p);
  if (n <= 0) throw std::runtime_error(path_ + ": no NT_GNU_BUILD_ID note");
  auto* b = static_cast<const std::uint8_t*>(p);
  return {b, b + n};
}

std::vector<std::uint8_t> ElfFile::read(std::uint64_t vaddr, std::size_t n) const {
  for (Elf_Scn* scn = elf_nextscn(elf_, nullptr); scn; scn = elf_nextscn(elf_, scn)) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) == nullptr || sh.sh_type == SHT_NOBITS || sh.sh_addr == 0) continue;
    if (vaddr < sh.sh_addr || vaddr + n > sh.sh_addr + sh.sh_size) continue;
    Elf_Data* d = elf_getdata(scn, nullptr);
    if (d == nullptr || d->d_buf == nullptr) break;
    auto* b = static_cast<const std::uint8_t*>(d->d_buf) + (vaddr - sh.sh_addr);
    return {b, b + n};
  }
  std::ostringstream os;
  os << path_ << ": no section holds 0x" << std::hex << vaddr << "+" << std::dec << n;
  throw std::runtime_error(os.str());
}

std::uint64_t ElfFile::read_pointer(std::uint64_t vaddr) const {
  for (Elf_Scn* scn = elf_nextscn(elf_, nullptr); scn; scn = elf_nextscn(elf_, scn)) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) == nullptr || sh.sh_type != SHT_RELA) continue;
    Elf_Data* d = elf_getdata(scn, nullptr);
    for (std::size_t i = 0; d && i < sh.sh_size / sizeof(Elf64_Rela); ++i) {
      GElf_Rela r;
      if (gelf_getrela(d, static_cast<int>(i), &r) == nullptr || r.r_offset != vaddr) continue;
      if (GELF_R_TYPE(r.r_info) == R_X86_64_RELATIVE) return static_cast<std::uint64_t>(r.r_addend);
      throw std::runtime_error(path_ + ": unsupported relocation type on a table pointer");
    }
  }
  std::uint64_t v = 0;
  auto b = read(vaddr, sizeof v);
  std::memcpy(&v, b.data(), sizeof v);
  return v;
}

std::string ElfFile::read_cstring(std::uint64_t vaddr) const {
  std::string s;
  for (;; ++vaddr) {
    char c = static_cast<char>(read(vaddr, 1)[0]);
    if (c == '\0') return s;
    s += c;
  }
}

std::string ElfFile::contents() const {
  std::ifstream in(path_, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

std::string hex(const std::vector<std::uint8_t>& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (auto b : bytes) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

std::string debug_path_for(const std::string& debug_root, const std::vector<std::uint8_t>& id) {
  std::string h = hex(id);
  return debug_root + "/.build-id/" + h.substr(0, 2) + "/" + h.substr(2) + ".debug";
}

}  // namespace glibc_layout
