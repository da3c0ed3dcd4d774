// SPDX-License-Identifier: MIT
// Opening a candidate object: open, fstat, read and validate the ELF and
// program headers (elf/phdr). Nothing is mapped here.
#pragma once

#include <cstddef>
#include <cstdint>

#include "elf/phdr.h"
#include "elf/types.h"

namespace ldr {

struct Runtime;

struct OpenedFile {
  int fd = -1;
  const char* path = nullptr;
  uint64_t dev = 0, ino = 0, size = 0;
  uint64_t mtime_ns = 0;  // for the cache's staleness check
  elf::Elf64_Ehdr ehdr{};
  elf::Elf64_Phdr* phdr = nullptr;  // arena copy of the program headers
  elf::LoadPlan plan;
};

enum class OpenStatus {
  kOk,
  kNoFile,   // could not be opened: *err holds the errno
  kSkipped,  // an ELF object for another class or machine: a search goes on
  kInvalid,  // a broken object: *message says why
  kInvalidLayout,  // sound headers, broken segments: glibc names the object as
                   // requested (DT_NEEDED) rather than by the path it found
};

// Opens and validates `path`. On kOk the caller owns f->fd.
OpenStatus open_object(Runtime& rt, const char* path, OpenedFile* f, const char** message,
                       int* err);

void close_object(OpenedFile* f);

// Reads exactly n bytes at offset off of fd (again after EINTR or a short
// read), or fails.
bool read_file_at(int fd, void* buf, uint64_t n, uint64_t off);

// Gives f's arena copy of the program headers back (once the mapped image
// holds them). The copies are of one size for up to 16 headers, so the next
// object reuses this block instead of dirtying fresh arena memory.
void release_program_headers(Runtime& rt, OpenedFile* f);
// The size of such a block, for an object that keeps it (dlclose frees it).
size_t program_header_block_bytes(uint16_t phnum);

}  // namespace ldr
