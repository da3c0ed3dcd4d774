// SPDX-License-Identifier: MIT
// In-place rewrite with libelf: ELF_C_RDWR + ELF_F_LAYOUT keeps the layout as
// it is, only the dirty note data is written back (the build-id, if any, is
// not recomputed and goes stale).
#include "set_version.h"

#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "elf_file.h"
#include "status.h"

namespace ldr_version {

namespace {

struct Slot {
  Elf_Data* data;
  size_t desc_off;  // in data->d_buf
  uint32_t version, revision;
};

bool is_version_note(const Elf_Data* d, const GElf_Nhdr& nh, size_t name_off) {
  return nh.n_type == NT_LDR_LIBVERSION && nh.n_namesz == LDR_NOTE_OWNER_SIZE &&
         nh.n_descsz >= LDR_NOTE_LIBVERSION_MIN_SIZE &&
         memcmp(static_cast<const char*>(d->d_buf) + name_off, LDR_NOTE_OWNER,
                LDR_NOTE_OWNER_SIZE) == 0;
}

// Finds the version notes; *stray names a section holding one outside PT_NOTE.
bool find_slots(Elf* elf, std::vector<Slot>* slots, std::string* stray) {
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) shstrndx = 0;
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) == nullptr) return false;
    if (sh.sh_type != SHT_NOTE) continue;
    Elf_Data* d = elf_getdata(scn, nullptr);
    if (d == nullptr) return false;
    const bool visible = (sh.sh_flags & SHF_ALLOC) != 0 && in_pt_note(elf, sh.sh_offset, sh.sh_size);
    GElf_Nhdr nh;
    size_t off = 0, name_off, desc_off, next;
    while (off < d->d_size && (next = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
      off = next;
      if (!is_version_note(d, nh, name_off)) continue;
      if (!visible) {
        const char* name = elf_strptr(elf, shstrndx, sh.sh_name);
        *stray = name != nullptr ? name : "?";
        continue;
      }
      uint32_t v, r;
      memcpy(&v, static_cast<char*>(d->d_buf) + desc_off, 4);
      memcpy(&r, static_cast<char*>(d->d_buf) + desc_off + 4, 4);
      slots->push_back({d, desc_off, v, r});
    }
  }
  return true;
}

}  // namespace

int set_version(const std::string& path, uint32_t version, uint32_t revision) {
  elf_version(EV_CURRENT);
  int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    complain(path + ": " + strerror(errno));
    return kExitFail;
  }
  Elf* elf = elf_begin(fd, ELF_C_RDWR, nullptr);
  int status = kExitOk;
  std::vector<Slot> slots;
  std::string stray;
  if (elf == nullptr || elf_kind(elf) != ELF_K_ELF) {
    complain(path + ": not an ELF file");
    status = kExitFail;
  } else if (elf_flagelf(elf, ELF_C_SET, ELF_F_LAYOUT) == 0 || !find_slots(elf, &slots, &stray)) {
    complain(path + ": cannot read the ELF file: " + elf_errmsg(-1));
    status = kExitFail;
  } else if (slots.empty()) {
    if (!stray.empty())
      complain(path + ": the version note in section " + stray +
               " is not in a PT_NOTE segment (invisible at run time); not rewriting it");
    else
      complain(path + ": no version note to rewrite; reserve one at link time with "
               "LDR_LIBRARY_VERSION()");
    status = kExitError;
  } else {
    for (const Slot& s : slots) {
      char* desc = static_cast<char*>(s.data->d_buf) + s.desc_off;
      memcpy(desc, &version, 4);
      memcpy(desc + 4, &revision, 4);
      elf_flagdata(s.data, ELF_C_SET, ELF_F_DIRTY);
    }
    if (elf_update(elf, ELF_C_WRITE) < 0) {
      complain(path + ": cannot write the ELF file: " + elf_errmsg(-1));
      status = kExitFail;
    } else {
      printf("%s: version %u.%u -> %u.%u\n", path.c_str(), slots[0].version, slots[0].revision,
             version, revision);
    }
  }
  if (elf != nullptr) elf_end(elf);
  if (close(fd) != 0 && status == kExitOk) {
    complain(path + ": " + strerror(errno));
    status = kExitFail;
  }
  return status;
}

}  // namespace ldr_version
