// SPDX-License-Identifier: MIT
// Cache image validation and lookup. Every size is treated as hostile:
// offsets are 64-bit, counts 32-bit, products computed in 64 bits and checked
// against the image before any table is touched (docs/cache.md, "Validation").
#include "cache/reader.h"

#include "cache/xxh3.h"

namespace ldr::cache {

namespace {

constexpr size_t kChecksumOffset = offsetof(ldr_cache_header, checksum);
constexpr uint32_t kMaxBuckets = 1u << 28;

// [offset, offset + bytes) lies inside the image, after the header, aligned.
bool region_ok(const ldr_cache_header& h, uint64_t size, uint64_t offset, uint64_t bytes,
               uint64_t align) {
  if (offset < h.header_size || offset > size || bytes > size - offset) return false;
  return (offset & (align - 1)) == 0;
}

const char* check_header(uint64_t size, const ldr_cache_header& h) {
  if (__builtin_memcmp(h.magic, LDR_CACHE_MAGIC, LDR_CACHE_MAGIC_SIZE) != 0) return kMsgMagic;
  if (h.major != LDR_CACHE_MAJOR) return kMsgMajor;
  if (h.byte_order != LDR_CACHE_BYTE_ORDER_LE || h.elf_class != LDR_CACHE_ELFCLASS64 ||
      h.machine != LDR_CACHE_EM_X86_64)
    return kMsgForeign;
  if (h.file_size != size) return kMsgSize;
  // A higher minor may have a longer header; never a shorter one.
  if (h.header_size < sizeof(ldr_cache_header) || h.header_size > size || (h.header_size & 7) != 0 ||
      h.hash_seed != 0 || h.reserved != 0)
    return kMsgHeader;
  if (h.bucket_count == 0 || h.bucket_count > kMaxBuckets || (h.bucket_count & (h.bucket_count - 1)) != 0)
    return kMsgHeader;
  return nullptr;
}

const char* check_tables(View& v) {
  const ldr_cache_header& h = *v.header;
  if (!region_ok(h, v.size, h.buckets_offset, (uint64_t{h.bucket_count} + 1) * 4, 8) ||
      !region_ok(h, v.size, h.entries_offset, uint64_t{h.entry_count} * sizeof(ldr_cache_entry), 8) ||
      !region_ok(h, v.size, h.dirs_offset, uint64_t{h.dir_count} * sizeof(ldr_cache_dir), 8) ||
      !region_ok(h, v.size, h.strings_offset, h.string_size, 1))
    return kMsgRange;
  v.buckets = reinterpret_cast<const uint32_t*>(v.base + h.buckets_offset);
  v.entries = reinterpret_cast<const ldr_cache_entry*>(v.base + h.entries_offset);
  v.dirs = reinterpret_cast<const ldr_cache_dir*>(v.base + h.dirs_offset);
  v.strings = reinterpret_cast<const char*>(v.base + h.strings_offset);
  v.string_size = h.string_size;
  // Every offset below string_size then names a NUL-terminated string.
  if (h.string_size == 0 || v.strings[h.string_size - 1] != '\0') return kMsgStrings;
  if (h.dir_count > 0xffffu + 1u) return kMsgDir;
  return nullptr;
}

const char* check_buckets_and_entries(const View& v) {
  const ldr_cache_header& h = *v.header;
  if (v.buckets[0] != 0 || v.buckets[h.bucket_count] != h.entry_count) return kMsgBuckets;
  uint64_t mask = h.bucket_count - 1;
  for (uint32_t b = 0; b < h.bucket_count; ++b) {
    uint32_t start = v.buckets[b], end = v.buckets[b + 1];
    if (end < start || end > h.entry_count) return kMsgBuckets;
    for (uint32_t i = start; i < end; ++i) {
      const ldr_cache_entry& e = v.entries[i];
      if ((e.hash & mask) != b) return kMsgEntry;
      if (e.soname_offset >= h.string_size || e.path_offset >= h.string_size ||
          e.dir_index >= h.dir_count || e.reserved != 0 || e.hwcap_level == 1 || e.hwcap_level > 4)
        return kMsgEntry;
      if (v.strings[e.soname_offset] == '\0' || v.strings[e.path_offset] != '/') return kMsgEntry;
    }
  }
  for (uint32_t d = 0; d < h.dir_count; ++d) {
    const ldr_cache_dir& dir = v.dirs[d];
    if (dir.path_offset >= h.string_size || dir.conf_offset >= h.string_size ||
        v.strings[dir.path_offset] != '/')
      return kMsgDir;
  }
  return nullptr;
}

const char* check_extensions(View& v) {
  const ldr_cache_header& h = *v.header;
  if (h.extension_offset == 0) return nullptr;
  if (!region_ok(h, v.size, h.extension_offset, sizeof(ldr_cache_ext_header), 8)) return kMsgExtension;
  const auto* eh = reinterpret_cast<const ldr_cache_ext_header*>(v.base + h.extension_offset);
  uint64_t records = h.extension_offset + sizeof *eh;
  if (eh->magic != LDR_CACHE_EXT_MAGIC ||
      !region_ok(h, v.size, records, uint64_t{eh->count} * sizeof(ldr_cache_ext), 8))
    return kMsgExtension;
  const auto* ext = reinterpret_cast<const ldr_cache_ext*>(v.base + records);
  for (uint32_t i = 0; i < eh->count; ++i) {
    if (!region_ok(h, v.size, ext[i].offset, ext[i].size, 1)) return kMsgExtension;
    if (ext[i].tag == LDR_CACHE_EXT_GENERATOR) {
      const char* s = reinterpret_cast<const char*>(v.base + ext[i].offset);
      if (ext[i].size == 0 || s[ext[i].size - 1] != '\0') return kMsgExtension;
      v.generator = s;
    }
  }
  return nullptr;
}

}  // namespace

uint64_t soname_hash(const char* soname, size_t len) { return xxh3_64(soname, len); }

uint64_t image_checksum(const void* data, uint64_t size) {
  return xxh3_64_with_hole(data, static_cast<size_t>(size), kChecksumOffset);
}

const char* validate(const void* data, uint64_t size, View* out, bool verify_checksum) {
  *out = View{};
  if (data == nullptr || size < sizeof(ldr_cache_header)) return kMsgTooShort;
  View v;
  v.base = static_cast<const unsigned char*>(data);
  v.size = size;
  // 8-aligned mappings and buffers only: the tables are read in place.
  if ((reinterpret_cast<uintptr_t>(data) & 7) != 0) return kMsgHeader;
  v.header = static_cast<const ldr_cache_header*>(data);
  if (const char* e = check_header(size, *v.header)) return e;
  if (verify_checksum && image_checksum(data, size) != v.header->checksum) return kMsgChecksum;
  if (const char* e = check_tables(v)) return e;
  if (const char* e = check_buckets_and_entries(v)) return e;
  if (const char* e = check_extensions(v)) return e;
  *out = v;
  return nullptr;
}

Candidates lookup(const View& view, const char* soname, size_t len) {
  Candidates c;
  if (view.header == nullptr) return c;
  uint64_t hash = soname_hash(soname, len);
  uint32_t b = static_cast<uint32_t>(hash & (view.header->bucket_count - 1));
  for (uint32_t i = view.buckets[b], end = view.buckets[b + 1]; i < end; ++i) {
    const ldr_cache_entry& e = view.entries[i];
    if (e.hash != hash) continue;
    const char* s = view.string(e.soname_offset);
    // Stops at the first difference: the pool ends with a NUL, so s is never
    // read past its own terminator.
    size_t k = 0;
    while (k < len && s[k] == soname[k]) ++k;
    if (k != len || s[len] != '\0') continue;
    if (c.count == 0) c.first = &e;
    else if (&e != c.first + c.count) break;  // one soname's group is adjacent
    ++c.count;
  }
  return c;
}

}  // namespace ldr::cache
