// SPDX-License-Identifier: MIT
// The write side of the cache format (include/ldr/cache_format.h): turns the
// scanned directories and candidates into the bytes of a cache file. Pure
// (no file system), deterministic: the same records give the same bytes.
// Linked by ldr-cache and by the unit tests (writer/reader round trip).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ldr_cache {

struct DirRecord {
  std::string path;      // as the loader sees it (without -r ROOT)
  uint32_t flags = 0;    // LDR_CACHE_DIR_*
  std::string conf;      // "<builtin>", "<cmdline>" or the configuration file
  uint32_t conf_line = 0;
  uint64_t dev = 0, ino = 0, mtime_ns = 0;
};

struct EntryRecord {
  std::string soname;
  std::string path;       // absolute
  bool has_version = false;
  uint32_t version = 0, revision = 0;
  uint32_t flags = 0;     // LDR_CACHE_FLAG_* (glibc bits included)
  uint16_t dir_index = 0;
  uint64_t ino = 0, size = 0, mtime_ns = 0;
  uint8_t hwcap_level = 0;  // 2, 3, 4: from glibc-hwcaps/x86-64-vN (0: a plain directory)
};

struct ImageInput {
  std::vector<DirRecord> dirs;        // in search order
  std::vector<EntryRecord> entries;   // in search order (earlier wins)
  uint64_t config_hash = 0;
  uint64_t generated_ns = 0;
  std::string generator;              // "ldr-cache X.Y.Z"
};

// The file's bytes: header, buckets, entries, directories, extensions,
// strings; checksum last.
std::vector<unsigned char> build_image(const ImageInput& in);

// XXH3-64 over the normalised configuration: for each file read, in order,
// its path, NUL, its contents, NUL.
uint64_t config_hash(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace ldr_cache
