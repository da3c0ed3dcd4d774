// SPDX-License-Identifier: MIT
// Directory scanning for ldr-cache: which files of a directory enter the
// cache (ldconfig's rules: names lib*.so* and ld-*.so*, no ';', no
// .dpkg.tmp/.dpkg.new), what each object says about itself (soname, class,
// machine, LDR version note) and which file represents a soname in one
// directory. Reads the file system; writes nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "image.h"
#include "names.h"

namespace ldr_cache {

struct ScanDir {
  std::string path;  // absolute, as the loader sees it
  uint32_t flags = 0;  // LDR_CACHE_DIR_*
  std::string conf;  // "<builtin>", "<cmdline>" or a configuration file
  uint32_t line = 0;
};

struct ScanOptions {
  std::string root;      // -r ROOT, "" for /
  bool verbose = false;  // -v: print ldconfig's directory and library lines
};

// Scans `dirs` in order into out->dirs / out->entries (search order).
// Directories that do not exist, or that repeat an earlier one (same device
// and inode), are left out; -v says so on stderr, as ldconfig does.
void scan_dirs(const ScanOptions& opt, const std::vector<ScanDir>& dirs, ImageInput* out);

// Does `path` (inside root) still describe the entry's file? Empty string
// when it does, else why not ("vanished", "changed (inode)", ...).
std::string entry_staleness(const std::string& root, const std::string& path, uint64_t ino,
                            uint64_t size, uint64_t mtime_ns);

}  // namespace ldr_cache
