// SPDX-License-Identifier: MIT
// The bind cache file (docs/design.md, "The bind cache"): the answers one
// start-up's symbol lookups gave, for the next start of the same closure.
// Little-endian, 8-byte aligned; written and validated before any use by
// bind/bind.cc. Pure declarations.
#pragma once

#include <cstdint>

namespace ldr::bind {

inline constexpr char kMagic[8] = {'L', 'D', 'R', 'B', 'I', 'N', 'D', '1'};
inline constexpr uint32_t kFormatVersion = 1;

struct FileHeader {
  char magic[8];
  uint32_t version;
  uint32_t module_count;  // the closure in load order
  uint64_t checksum;      // XXH3-64 of every byte after the header
  uint64_t file_size;
};
static_assert(sizeof(FileHeader) == 32);

// One object of the closure: its file's identity (stat) and its answers,
// one 8-byte entry per symbol index of its symbol table (0: none).
struct FileModule {
  uint64_t dev, ino, size, mtime_ns;
  uint32_t entry_count;
  uint32_t reserved;
  uint64_t entries_offset;  // from the start of the file
};
static_assert(sizeof(FileModule) == 48);

// An entry: the definition a reference to that symbol index bound to.
inline constexpr uint64_t kPresent = uint64_t{1} << 63;
inline constexpr uint64_t kUndefined = uint64_t{1} << 62;  // an undefined weak reference: 0
inline constexpr uint64_t kForPlt = uint64_t{1} << 61;     // a PLT reference got this answer
inline constexpr uint64_t kForOther = uint64_t{1} << 60;   // a non-PLT reference got it
inline constexpr uint32_t kModuleShift = 32;               // bits 32..47: the definer's load index
inline constexpr uint64_t kModuleMask = 0xffff;

inline uint64_t make_entry(uint32_t module_index, uint32_t symbol_index, bool undefined, bool plt) {
  return kPresent | (undefined ? kUndefined : 0) | (plt ? kForPlt : kForOther) |
         (uint64_t{module_index} << kModuleShift) | symbol_index;
}

}  // namespace ldr::bind
