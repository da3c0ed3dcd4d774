// SPDX-License-Identifier: MIT
// Cache image layout (docs/cache.md): sonames are grouped, hashed with
// libxxhash's XXH3-64 (the loader uses its own transcription, so the two are
// cross-checked on every build that runs the round-trip tests) and
// distributed over a power-of-two number of CSR buckets.
#include "image.h"

#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <map>

#include <ldr/cache_format.h>

namespace ldr_cache {

namespace {

// A deduplicating string pool; offset 0 is the empty string.
class StringPool {
 public:
  StringPool() { bytes_.push_back('\0'); }
  uint32_t add(const std::string& s) {
    if (s.empty()) return 0;
    auto it = offsets_.find(s);
    if (it != offsets_.end()) return it->second;
    auto off = static_cast<uint32_t>(bytes_.size());
    bytes_.insert(bytes_.end(), s.begin(), s.end());
    bytes_.push_back('\0');
    offsets_.emplace(s, off);
    return off;
  }
  const std::vector<char>& bytes() const { return bytes_; }

 private:
  std::vector<char> bytes_;
  std::map<std::string, uint32_t> offsets_;
};

uint64_t align8(uint64_t v) { return (v + 7) & ~uint64_t{7}; }

template <typename T>
void put(std::vector<unsigned char>& out, uint64_t off, const T& v) {
  std::memcpy(out.data() + off, &v, sizeof v);
}

uint32_t bucket_count_for(size_t sonames) {
  uint32_t n = 1;
  while (n < sonames + sonames / 3) n <<= 1;  // load factor <= 0.75
  return n;
}

}  // namespace

uint64_t config_hash(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string all;
  for (const auto& [path, contents] : files) {
    all += path;
    all += '\0';
    all += contents;
    all += '\0';
  }
  return XXH3_64bits(all.data(), all.size());
}

std::vector<unsigned char> build_image(const ImageInput& in) {
  StringPool pool;
  // Groups in first-appearance order; each group keeps search order.
  std::vector<std::string> sonames;
  std::map<std::string, std::vector<const EntryRecord*>> groups;
  for (const EntryRecord& e : in.entries) {
    auto& g = groups[e.soname];
    if (g.empty()) sonames.push_back(e.soname);
    g.push_back(&e);
  }
  uint32_t buckets = bucket_count_for(sonames.size());
  struct Keyed {
    uint64_t hash;
    const std::string* soname;
  };
  std::vector<Keyed> keyed;
  for (const std::string& s : sonames) keyed.push_back({XXH3_64bits(s.data(), s.size()), &s});
  std::sort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
    uint64_t ba = a.hash & (buckets - 1), bb = b.hash & (buckets - 1);
    if (ba != bb) return ba < bb;
    if (a.hash != b.hash) return a.hash < b.hash;
    return *a.soname < *b.soname;
  });

  std::vector<uint32_t> start(buckets + 1, 0);
  std::vector<ldr_cache_entry> entries;
  for (const Keyed& k : keyed) {
    for (const EntryRecord* e : groups[*k.soname]) {
      ldr_cache_entry out{};
      out.hash = k.hash;
      out.soname_offset = pool.add(e->soname);
      out.path_offset = pool.add(e->path);
      out.version = e->has_version ? e->version : 0;
      out.revision = e->has_version ? e->revision : 0;
      out.flags = e->flags | (e->has_version ? LDR_CACHE_FLAG_HAS_VERSION : 0);
      out.dir_index = e->dir_index;
      out.hwcap_level = e->hwcap_level;
      out.st_ino = e->ino;
      out.st_size = e->size;
      out.st_mtime_ns = e->mtime_ns;
      entries.push_back(out);
      ++start[(k.hash & (buckets - 1)) + 1];
    }
  }
  for (uint32_t b = 0; b < buckets; ++b) start[b + 1] += start[b];

  std::vector<ldr_cache_dir> dirs;
  for (const DirRecord& d : in.dirs) {
    ldr_cache_dir out{};
    out.path_offset = pool.add(d.path);
    out.flags = d.flags;
    out.conf_offset = pool.add(d.conf);
    out.conf_line = d.conf_line;
    out.st_dev = d.dev;
    out.st_ino = d.ino;
    out.st_mtime_ns = d.mtime_ns;
    dirs.push_back(out);
  }
  uint32_t generator_offset = pool.add(in.generator.empty() ? "ldr-cache" : in.generator);

  ldr_cache_header h{};
  std::memcpy(h.magic, LDR_CACHE_MAGIC, LDR_CACHE_MAGIC_SIZE);
  h.major = LDR_CACHE_MAJOR;
  h.minor = LDR_CACHE_MINOR;
  h.byte_order = LDR_CACHE_BYTE_ORDER_LE;
  h.elf_class = LDR_CACHE_ELFCLASS64;
  h.machine = LDR_CACHE_EM_X86_64;
  h.header_size = sizeof h;
  h.flags = LDR_CACHE_F_HAS_STAT | LDR_CACHE_F_REPRODUCIBLE;
  h.bucket_count = buckets;
  h.entry_count = static_cast<uint32_t>(entries.size());
  h.dir_count = static_cast<uint32_t>(dirs.size());
  h.string_size = static_cast<uint32_t>(pool.bytes().size());
  h.buckets_offset = sizeof h;
  h.entries_offset = align8(h.buckets_offset + start.size() * sizeof(uint32_t));
  h.dirs_offset = h.entries_offset + entries.size() * sizeof(ldr_cache_entry);
  h.extension_offset = h.dirs_offset + dirs.size() * sizeof(ldr_cache_dir);
  uint64_t ext_records = h.extension_offset + sizeof(ldr_cache_ext_header);
  h.strings_offset = ext_records + sizeof(ldr_cache_ext);
  h.file_size = align8(h.strings_offset + h.string_size);
  h.config_hash = in.config_hash;
  h.generated_ns = in.generated_ns;

  std::vector<unsigned char> out(h.file_size, 0);
  std::memcpy(out.data() + h.buckets_offset, start.data(), start.size() * sizeof(uint32_t));
  if (!entries.empty())
    std::memcpy(out.data() + h.entries_offset, entries.data(), entries.size() * sizeof(ldr_cache_entry));
  if (!dirs.empty())
    std::memcpy(out.data() + h.dirs_offset, dirs.data(), dirs.size() * sizeof(ldr_cache_dir));
  put(out, h.extension_offset, ldr_cache_ext_header{LDR_CACHE_EXT_MAGIC, 1});
  std::string gen = in.generator.empty() ? "ldr-cache" : in.generator;
  put(out, ext_records, ldr_cache_ext{LDR_CACHE_EXT_GENERATOR, 0, h.strings_offset + generator_offset,
                                      gen.size() + 1});
  std::memcpy(out.data() + h.strings_offset, pool.bytes().data(), pool.bytes().size());
  put(out, 0, h);
  // The checksum covers the whole file with its own field zero.
  h.checksum = XXH3_64bits(out.data(), out.size());
  put(out, 0, h);
  return out;
}

}  // namespace ldr_cache
