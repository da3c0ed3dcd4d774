// SPDX-License-Identifier: MIT
// libFuzzer target: an ldr cache file (include/ldr/cache_format.h) as the
// loader maps it. cache::validate must accept only images whose every
// offset, count and string the loader then uses is in range: for each
// accepted image the harness reads what a library search reads — the
// candidates of each soname in it and of a few fixed ones, their paths and
// directories, and every directory's strings. The checksum is checked on
// the first pass only over a few inputs (as libFuzzer rarely forges one,
// validation runs with verify_checksum false too, the structure checks alone).
#include <cstdint>
#include <cstring>
#include <vector>

#include "cache/reader.h"

namespace c = ldr::cache;

namespace {

volatile size_t g_sink;

void read_string(const c::View& v, uint32_t offset) { g_sink = g_sink + std::strlen(v.string(offset)); }

void read_candidates(const c::View& v, const char* soname, size_t len) {
  c::Candidates got = c::lookup(v, soname, len);
  for (uint32_t i = 0; i < got.count; ++i) {
    const ldr_cache_entry& e = got.first[i];
    read_string(v, e.soname_offset);
    read_string(v, e.path_offset);
    const ldr_cache_dir& d = v.dirs[e.dir_index];
    read_string(v, d.path_offset);
  }
}

void use(const c::View& v) {
  for (uint32_t i = 0; i < v.header->entry_count; ++i) {
    const char* name = v.string(v.entries[i].soname_offset);
    read_candidates(v, name, std::strlen(name));
  }
  for (uint32_t i = 0; i < v.header->dir_count; ++i) {
    read_string(v, v.dirs[i].path_offset);
    read_string(v, v.dirs[i].conf_offset);
  }
  for (const char* name : {"libc.so.6", "libm.so.6", "", "libgreet.so"}) read_candidates(v, name, std::strlen(name));
  if (v.generator != nullptr) g_sink = g_sink + std::strlen(v.generator);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint64_t> file((size + 7) / 8 + 1);  // page-aligned in the loader: at least 8 here
  std::memcpy(file.data(), data, size);
  for (bool checksum : {true, false}) {
    c::View view;
    if (c::validate(file.data(), size, &view, checksum) == nullptr) use(view);
  }
  return 0;
}
