// SPDX-License-Identifier: MIT
// The cache file on disk for ldr-cache: reading one (validated by the
// loader's own reader, checksum included), printing it as `ldconfig -p`
// does, and replacing one atomically.
#pragma once

#include <string>
#include <vector>

#include "cache/reader.h"

namespace ldr_cache {

class CacheFile {
 public:
  // Reads and validates `path`. On failure *error holds the message
  // ("Can't open cache file PATH: ...", "PATH: invalid cache: ...").
  [[nodiscard]] bool load(const std::string& path, std::string* error);
  const ldr::cache::View& view() const { return view_; }

 private:
  std::vector<unsigned long long> storage_;  // 8-aligned copy of the file
  ldr::cache::View view_;
};

// `ldr-cache -p`: ldconfig -p's shape, with the version inside the
// parentheses. `shown` is the name printed in the header line.
int print_cache(const std::string& path, const std::string& shown);

// PATH~ with mode 0644, written, fsynced, renamed over PATH (glibc
// elf/cache.c). False with *error set on failure (the temporary is removed).
[[nodiscard]] bool write_atomically(const std::string& path, const std::vector<unsigned char>& bytes,
                                    std::string* error);

}  // namespace ldr_cache
