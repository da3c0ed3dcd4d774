// SPDX-License-Identifier: MIT
// Reading a cache image (include/ldr/cache_format.h, docs/cache.md) that is
// already in memory: validation of every field, offset and count against the
// image size, and lookup by soname. Pure and freestanding: no syscalls, no
// allocation; the loader maps the file (cache/open.cc), tools read it.
// The image is hostile input until validate() accepted it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "include/ldr/cache_format.h"  // the source root is on the include path

namespace ldr::cache {

// A validated image. Pointers point into the image.
struct View {
  const unsigned char* base = nullptr;
  uint64_t size = 0;
  const ldr_cache_header* header = nullptr;
  const uint32_t* buckets = nullptr;  // bucket_count + 1 starts
  const ldr_cache_entry* entries = nullptr;
  const ldr_cache_dir* dirs = nullptr;
  const char* strings = nullptr;
  uint32_t string_size = 0;
  const char* generator = nullptr;  // the LDR_CACHE_EXT_GENERATOR string, or nullptr

  const char* string(uint32_t offset) const { return strings + offset; }
};

// Checks the image and fills *out. Returns nullptr, or a static message
// saying why the image is unusable (header, markers, sizes, checksum,
// buckets, entries, directories, extensions). With verify_checksum false the
// XXH3-64 checksum is not computed (everything else still is).
[[nodiscard]] const char* validate(const void* data, uint64_t size, View* out,
                                   bool verify_checksum = true);

// The entries of `soname` (len bytes, no NUL needed), adjacent and in search
// order; count 0 when absent. One hash, one bucket, no allocation.
struct Candidates {
  const ldr_cache_entry* first = nullptr;
  uint32_t count = 0;
};
Candidates lookup(const View& view, const char* soname, size_t len);

// The soname hash of format 1 (XXH3-64, seed 0).
uint64_t soname_hash(const char* soname, size_t len);

// In secure mode (AT_SECURE) a cache file is trusted only when root owns it
// and neither its group nor others may write it (st_uid, st_mode).
constexpr bool trusted_for_secure_mode(uint32_t uid, uint32_t mode) {
  return uid == 0 && (mode & 022) == 0;
}

// The checksum field's value for an image (the field itself read as zero).
uint64_t image_checksum(const void* data, uint64_t size);

inline constexpr const char* kMsgTooShort = "file too short";
inline constexpr const char* kMsgMagic = "bad magic";
inline constexpr const char* kMsgMajor = "unsupported format version";
inline constexpr const char* kMsgForeign = "foreign byte order, ELF class or machine";
inline constexpr const char* kMsgSize = "file size does not match the header";
inline constexpr const char* kMsgHeader = "malformed header";
inline constexpr const char* kMsgChecksum = "checksum mismatch";
inline constexpr const char* kMsgRange = "table out of range";
inline constexpr const char* kMsgStrings = "malformed string pool";
inline constexpr const char* kMsgBuckets = "malformed hash buckets";
inline constexpr const char* kMsgEntry = "malformed entry";
inline constexpr const char* kMsgDir = "malformed directory";
inline constexpr const char* kMsgExtension = "malformed extension";

}  // namespace ldr::cache
