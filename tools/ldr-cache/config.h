// SPDX-License-Identifier: MIT
// ld.so.conf syntax, as glibc's ldconfig parse_conf reads it: one directory
// per line, '#' comments anywhere, blank lines, trailing whitespace and
// slashes stripped, `include PATTERN...` globbed relative to the including
// file's directory (C collation order), `hwcap` lines ignored with a warning.
// Reads files only; never writes.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ldr_cache {

struct ConfDir {
  std::string path;  // as written (normalised), without the root
  std::string file;  // the configuration file naming it
  uint32_t line = 0;
};

struct Config {
  std::vector<ConfDir> dirs;
  // Every file read, in order, with its contents (for the config hash).
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> warnings;  // without the "ldr-cache: " prefix
};

// Reads `file` (a path inside `root`; "" = /) and its includes into *out. A
// missing top-level file is not an error when `optional`.
void read_config(const std::string& root, const std::string& file, bool optional, Config* out);

// "dir/" -> "dir"; "/" stays.
std::string strip_trailing_slashes(std::string s);

}  // namespace ldr_cache
