// SPDX-License-Identifier: MIT
// Read side of ldr-version: libelf opens the file and lists program and
// section headers; the note bytes themselves are handed to the pure decoder,
// after checking that every range lies inside the file.
#include "elf_file.h"

#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>


namespace ldr_version {

namespace {

bool range_in_file(uint64_t off, uint64_t size, uint64_t file_size) {
  uint64_t end;
  return !__builtin_add_overflow(off, size, &end) && end <= file_size;
}

// objcopy --add-section makes note sections with sh_addralign 1; their notes
// are laid out as 4-aligned ones (segments are taken as they are).
uint64_t section_note_align(uint64_t sh_addralign) { return sh_addralign == 8 ? 8 : 4; }

bool has_ldr_note(const ldr::elf::NoteSpan& span) {
  ldr::elf::NoteWalker walker(&span, 1);
  ldr::elf::Note note;
  while (walker.next(&note))
    if (ldr::elf::is_ldr_note(note)) return true;
  return false;
}

}  // namespace

ElfFile::~ElfFile() {
  if (elf_ != nullptr) elf_end(elf_);
  if (fd_ >= 0) close(fd_);
}

bool in_pt_note(Elf* elf, uint64_t off, uint64_t size) {
  size_t phnum = 0;
  if (elf_getphdrnum(elf, &phnum) != 0) return false;
  for (size_t i = 0; i < phnum; ++i) {
    GElf_Phdr ph;
    if (gelf_getphdr(elf, static_cast<int>(i), &ph) == nullptr || ph.p_type != PT_NOTE) continue;
    if (off >= ph.p_offset && size <= ph.p_filesz && off - ph.p_offset <= ph.p_filesz - size)
      return true;
  }
  return false;
}

bool ElfFile::open(const std::string& path, std::string* error) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    *error = path + ": " + strerror(errno);
    return false;
  }
  elf_version(EV_CURRENT);
  elf_ = elf_begin(fd_, ELF_C_READ_MMAP, nullptr);
  if (elf_ == nullptr || elf_kind(elf_) != ELF_K_ELF) {
    *error = path + ": not an ELF file";
    return false;
  }
  raw_ = reinterpret_cast<const unsigned char*>(elf_rawfile(elf_, &raw_size_));
  if (raw_ == nullptr || raw_size_ < EI_NIDENT) {
    *error = path + ": not an ELF file";
    return false;
  }
  if (raw_[EI_DATA] != ELFDATA2LSB) {
    *error = path + ": not a little-endian ELF file";
    return false;
  }
  return collect(path, error);
}

bool ElfFile::collect(const std::string& path, std::string* error) {
  // libelf quietly clamps header tables that do not fit; a file cut short
  // must not pass for one without notes.
  GElf_Ehdr eh;
  if (gelf_getehdr(elf_, &eh) == nullptr ||
      !range_in_file(eh.e_phoff, uint64_t{eh.e_phnum} * eh.e_phentsize, raw_size_) ||
      (eh.e_shnum != 0 &&
       !range_in_file(eh.e_shoff, uint64_t{eh.e_shnum} * eh.e_shentsize, raw_size_))) {
    *error = path + ": file too short";
    return false;
  }
  size_t phnum = 0, shnum = 0, shstrndx = 0;
  if (elf_getphdrnum(elf_, &phnum) != 0 || elf_getshdrnum(elf_, &shnum) != 0) {
    *error = path + ": malformed ELF headers: " + elf_errmsg(-1);
    return false;
  }
  for (size_t i = 0; i < phnum; ++i) {
    GElf_Phdr ph;
    if (gelf_getphdr(elf_, static_cast<int>(i), &ph) == nullptr) {
      *error = path + ": malformed program header: " + elf_errmsg(-1);
      return false;
    }
    if (ph.p_type != PT_NOTE) continue;
    if (!range_in_file(ph.p_offset, ph.p_filesz, raw_size_)) {
      *error = path + ": PT_NOTE segment extends past the end of the file";
      return false;
    }
    ranges_.push_back({{raw_ + ph.p_offset, ph.p_filesz, ph.p_align}, ph.p_offset, true, {}});
  }
  if (phnum != 0) return true;
  // No program headers (a relocatable object): the note sections.
  if (elf_getshdrstrndx(elf_, &shstrndx) != 0) shstrndx = 0;
  for (Elf_Scn* scn = elf_nextscn(elf_, nullptr); scn != nullptr; scn = elf_nextscn(elf_, scn)) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) == nullptr || sh.sh_type != SHT_NOTE) continue;
    if (!range_in_file(sh.sh_offset, sh.sh_size, raw_size_)) {
      *error = path + ": note section extends past the end of the file";
      return false;
    }
    const char* name = elf_strptr(elf_, shstrndx, sh.sh_name);
    ranges_.push_back({{raw_ + sh.sh_offset, sh.sh_size, section_note_align(sh.sh_addralign)},
                       sh.sh_offset, false,
                       name != nullptr ? name : "?"});
  }
  return true;
}

std::vector<ldr::elf::NoteSpan> ElfFile::spans() const {
  std::vector<ldr::elf::NoteSpan> out;
  for (const NoteRange& r : ranges_) out.push_back(r.span);
  return out;
}

std::vector<std::string> ElfFile::stray_ldr_sections() const {
  std::vector<std::string> out;
  size_t phnum = 0, shstrndx = 0;
  if (elf_getphdrnum(elf_, &phnum) != 0 || phnum == 0) return out;
  if (elf_getshdrstrndx(elf_, &shstrndx) != 0) return out;
  for (Elf_Scn* scn = elf_nextscn(elf_, nullptr); scn != nullptr; scn = elf_nextscn(elf_, scn)) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) == nullptr || sh.sh_type != SHT_NOTE) continue;
    if (!range_in_file(sh.sh_offset, sh.sh_size, raw_size_)) continue;
    if ((sh.sh_flags & SHF_ALLOC) != 0 && in_pt_note(elf_, sh.sh_offset, sh.sh_size)) continue;
    const ldr::elf::NoteSpan span{raw_ + sh.sh_offset, sh.sh_size,
                                  section_note_align(sh.sh_addralign)};
    if (!has_ldr_note(span)) continue;
    const char* name = elf_strptr(elf_, shstrndx, sh.sh_name);
    out.push_back(name != nullptr ? name : "?");
  }
  return out;
}

}  // namespace ldr_version
