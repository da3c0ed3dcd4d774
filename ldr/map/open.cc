// SPDX-License-Identifier: MIT
// open_object: the checks glibc's open_verify makes, and those it does not
// (every program header validated before use).
#include "map/open.h"

#include "base/mem.h"
#include "base/sys.h"
#include "runtime.h"

namespace ldr {

namespace {

constexpr size_t kHeadBytes = 832;  // glibc's FILEBUF_SIZE

// Entries in a program-header block: one size for every ordinary object.
constexpr uint16_t kPhdrBlockEntries = 16;
size_t phdr_block_entries(uint16_t phnum) { return phnum > kPhdrBlockEntries ? phnum : kPhdrBlockEntries; }

// Reads the ELF header into f->ehdr and the program headers into an arena
// block (f->phdr). The ELF header and, in every linker's layout, the program
// headers right behind it come in one read of glibc's 832 bytes, made into
// the block itself and moved down: one pread64 per object, and no 832-byte
// buffer on the loader's stack (its depth is page faults). Headers that are
// not in those bytes get a read of their own (and a larger block past 16).
OpenStatus read_headers(Runtime& rt, OpenedFile* f, const char** message) {
  static_assert(sizeof(elf::Elf64_Phdr) * kPhdrBlockEntries >= kHeadBytes, "the first read fits a block");
  const size_t block_bytes = sizeof(elf::Elf64_Phdr) * kPhdrBlockEntries;
  elf::Elf64_Phdr* block = rt.arena.make_array<elf::Elf64_Phdr>(kPhdrBlockEntries);
  auto* head = reinterpret_cast<unsigned char*>(block);
  size_t head_len = f->size < kHeadBytes ? static_cast<size_t>(f->size) : kHeadBytes;
  const char* e = block != nullptr && read_file_at(f->fd, head, head_len, 0) ? nullptr : "cannot read file data";
  bool skippable = false;
  if (e == nullptr) e = elf::check_ehdr(head, head_len, &skippable);
  uint64_t ph_bytes = 0;
  if (e == nullptr) {
    __builtin_memcpy(&f->ehdr, head, sizeof f->ehdr);
    ph_bytes = uint64_t{f->ehdr.e_phnum} * sizeof(elf::Elf64_Phdr);
    if (f->ehdr.e_phoff > f->size || ph_bytes > f->size - f->ehdr.e_phoff)
      e = "cannot read file data";  // glibc's words for a short read of the headers
  }
  if (e != nullptr) {
    rt.arena.release(block, block_bytes);
    *message = e;
    return skippable ? OpenStatus::kSkipped : OpenStatus::kInvalid;
  }
  if (f->ehdr.e_phoff <= head_len && ph_bytes <= head_len - f->ehdr.e_phoff) {
    // At most 13 headers fit behind the ELF header: the block holds them.
    __builtin_memmove(block, head + f->ehdr.e_phoff, ph_bytes);
    f->phdr = block;
    return OpenStatus::kOk;
  }
  // Elsewhere in the file: a read of their own, into the block when they fit it.
  if (f->ehdr.e_phnum > kPhdrBlockEntries) {
    rt.arena.release(block, block_bytes);
    block = rt.arena.make_array<elf::Elf64_Phdr>(f->ehdr.e_phnum);
  }
  f->phdr = block;
  if (f->phdr == nullptr || !read_file_at(f->fd, f->phdr, ph_bytes, f->ehdr.e_phoff)) {
    *message = "cannot read file data";
    return OpenStatus::kInvalid;
  }
  return OpenStatus::kOk;
}

}  // namespace

bool read_file_at(int fd, void* buf, uint64_t n, uint64_t off) {
  auto* p = static_cast<unsigned char*>(buf);
  while (n > 0) {
    long r = base::sys_pread64(fd, p, n, off);
    if (r == -4) continue;  // EINTR
    if (r <= 0) return false;
    p += r;
    n -= static_cast<uint64_t>(r);
    off += static_cast<uint64_t>(r);
  }
  return true;
}

size_t program_header_block_bytes(uint16_t phnum) { return sizeof(elf::Elf64_Phdr) * phdr_block_entries(phnum); }

void release_program_headers(Runtime& rt, OpenedFile* f) {
  rt.arena.release(f->phdr, program_header_block_bytes(f->ehdr.e_phnum));
  f->phdr = nullptr;
}

void close_object(OpenedFile* f) {
  if (f->fd >= 0) base::sys_close(f->fd);
  f->fd = -1;
}

OpenStatus open_object(Runtime& rt, const char* path, OpenedFile* f, const char** message,
                       int* err) {
  *f = OpenedFile{};
  f->path = path;
  long fd = base::sys_openat(base::kAtFdcwd, path, base::kOpenReadOnly | base::kOpenCloexec);
  if (base::sys_failed(fd)) {
    *err = static_cast<int>(-fd);
    return OpenStatus::kNoFile;
  }
  f->fd = static_cast<int>(fd);
  base::KernelStat st;
  long r = base::sys_fstat(f->fd, &st);
  if (base::sys_failed(r)) {
    *err = static_cast<int>(-r);
    close_object(f);
    return OpenStatus::kNoFile;
  }
  if ((st.st_mode & base::kModeTypeMask) != base::kModeRegular) {
    // glibc reports directories and devices as unreadable ELF data.
    *message = (st.st_mode & base::kModeTypeMask) == 0040000 ? "cannot read file data" : "invalid ELF header";
    *err = (st.st_mode & base::kModeTypeMask) == 0040000 ? 21 : 0;
    close_object(f);
    return OpenStatus::kInvalid;
  }
  f->dev = st.st_dev;
  f->ino = st.st_ino;
  f->size = static_cast<uint64_t>(st.st_size);
  f->mtime_ns = base::mtime_ns(st);
  *err = 0;

  if (OpenStatus status = read_headers(rt, f, message); status != OpenStatus::kOk) {
    close_object(f);
    return status;
  }
  if (const char* e = elf::plan_load(f->ehdr, f->phdr, f->size, rt.startup.page_size, &f->plan)) {
    *message = e;
    close_object(f);
    return OpenStatus::kInvalidLayout;
  }
  return OpenStatus::kOk;
}

}  // namespace ldr
