// SPDX-License-Identifier: MIT
// The cache reader (ldr/cache/reader) on images written by ldr-cache's image
// builder: the round trip, then every corruption the reader must reject
// without crashing: truncation at every length, bit flips (fixed seed),
// offsets and counts out of range with a correct checksum, foreign markers.
#include <criterion/criterion.h>
#include <xxhash.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "cache/reader.h"
#include "image.h"

namespace c = ldr::cache;
using ldr_cache::EntryRecord;
using ldr_cache::ImageInput;

namespace {

ImageInput sample_input() {
  ImageInput in;
  in.dirs.push_back({"/opt/a", LDR_CACHE_DIR_CMDLINE, "<cmdline>", 0, 1, 2, 3});
  in.dirs.push_back({"/opt/b", LDR_CACHE_DIR_CONF, "/etc/ldr.so.conf", 4, 5, 6, 7});
  uint32_t glibc = LDR_CACHE_FLAG_ELF_LIBC6 | LDR_CACHE_FLAG_X8664_LIB64;
  // libfoo.so.1 in both directories, a then b; thirty more sonames so
  // several buckets are used.
  in.entries.push_back({"libfoo.so.1", "/opt/a/libfoo.so.1", true, 2, 1, glibc, 0, 11, 12, 13});
  in.entries.push_back({"libfoo.so.1", "/opt/b/libfoo.so.1", true, 3, 7, glibc, 1, 21, 22, 23});
  in.entries.push_back({"libbar.so.2", "/opt/b/libbar.so.2", false, 0, 0, glibc, 1, 31, 32, 33});
  for (int i = 0; i < 30; ++i) {
    std::string n = "libn" + std::to_string(i) + ".so." + std::to_string(i % 4);
    in.entries.push_back({n, "/opt/a/" + n, i % 2 == 0, static_cast<uint32_t>(i), 0, glibc, 0,
                          static_cast<uint64_t>(100 + i), 0, 0});
  }
  in.config_hash = 0x1234;
  in.generator = "ldr-cache test";
  return in;
}

// An 8-aligned copy, as the reader requires of its input.
struct Image {
  std::vector<uint64_t> words;
  size_t size = 0;
  explicit Image(const std::vector<unsigned char>& b) : words((b.size() + 7) / 8), size(b.size()) {
    std::memcpy(words.data(), b.data(), b.size());
  }
  unsigned char* bytes() { return reinterpret_cast<unsigned char*>(words.data()); }
  ldr_cache_header* header() { return reinterpret_cast<ldr_cache_header*>(words.data()); }
  void reseal() {  // a hostile writer computes a correct checksum
    header()->checksum = 0;
    header()->checksum = XXH3_64bits(bytes(), size);
  }
  const char* validate() {
    c::View v;
    return c::validate(bytes(), size, &v);
  }
};

Image sample() { return Image(ldr_cache::build_image(sample_input())); }

}  // namespace

Test(cache_reader, round_trip_yields_candidates_in_search_order) {
  Image img = sample();
  c::View v;
  cr_assert_null(c::validate(img.bytes(), img.size, &v));
  cr_assert_eq(v.header->entry_count, 33u);
  cr_assert_eq(v.header->dir_count, 2u);
  cr_assert_eq(v.header->config_hash, 0x1234u);
  cr_assert_str_eq(v.generator, "ldr-cache test");
  c::Candidates foo = c::lookup(v, "libfoo.so.1", 11);
  cr_assert_eq(foo.count, 2u);
  cr_assert_str_eq(v.string(foo.first[0].path_offset), "/opt/a/libfoo.so.1");
  cr_assert_eq(foo.first[0].version, 2u);
  cr_assert_eq(foo.first[0].revision, 1u);
  cr_assert_eq(foo.first[0].st_ino, 11u);
  cr_assert_eq(foo.first[0].st_size, 12u);
  cr_assert_eq(foo.first[0].st_mtime_ns, 13u);
  cr_assert_str_eq(v.string(foo.first[1].path_offset), "/opt/b/libfoo.so.1");
  cr_assert_eq(foo.first[1].flags, 0x10303u);
  cr_assert_eq(foo.first[1].dir_index, 1);
  c::Candidates bar = c::lookup(v, "libbar.so.2", 11);
  cr_assert_eq(bar.count, 1u);
  cr_assert_eq(bar.first->flags, 0x0303u, "no version note: no HAS_VERSION bit");
  for (int i = 0; i < 30; ++i) {
    std::string n = "libn" + std::to_string(i) + ".so." + std::to_string(i % 4);
    c::Candidates k = c::lookup(v, n.c_str(), n.size());
    cr_assert_eq(k.count, 1u, "%s", n.c_str());
    cr_assert_eq(k.first->st_ino, static_cast<uint64_t>(100 + i));
  }
  cr_assert_str_eq(v.string(v.dirs[1].conf_offset), "/etc/ldr.so.conf");
  cr_assert_eq(v.dirs[1].conf_line, 4u);
}

Test(cache_reader, absent_and_prefix_names_are_not_found) {
  Image img = sample();
  c::View v;
  cr_assert_null(c::validate(img.bytes(), img.size, &v));
  cr_assert_eq(c::lookup(v, "libfoo.so", 9).count, 0u);
  cr_assert_eq(c::lookup(v, "libfoo.so.1x", 12).count, 0u);
  cr_assert_eq(c::lookup(v, "libfoo.so.1", 10).count, 0u, "length counts");
  cr_assert_eq(c::lookup(v, "", 0).count, 0u);
}

Test(cache_reader, writer_is_deterministic) {
  cr_assert(ldr_cache::build_image(sample_input()) == ldr_cache::build_image(sample_input()));
}

Test(cache_reader, empty_cache_is_valid_and_finds_nothing) {
  Image img(ldr_cache::build_image(ImageInput{}));
  c::View v;
  cr_assert_null(c::validate(img.bytes(), img.size, &v));
  cr_assert_eq(c::lookup(v, "libc.so.6", 9).count, 0u);
}

Test(cache_reader, truncation_at_every_length_is_rejected) {
  Image img = sample();
  for (size_t n = 0; n < img.size; ++n) {
    std::vector<uint64_t> cut((n + 7) / 8 + 1);
    std::memcpy(cut.data(), img.bytes(), n);
    c::View v;
    const char* e = c::validate(cut.data(), n, &v);
    cr_assert_not_null(e, "accepted a file cut at %zu of %zu bytes", n, img.size);
    cr_assert_null(v.header, "no view on failure");
  }
}

Test(cache_reader, appended_bytes_are_rejected) {
  std::vector<unsigned char> b = ldr_cache::build_image(sample_input());
  b.resize(b.size() + 8, 0);
  Image img(b);
  cr_assert_str_eq(img.validate(), c::kMsgSize);
}

Test(cache_reader, every_single_bit_flip_is_rejected) {
  Image img = sample();
  for (size_t bit = 0; bit < img.size * 8; ++bit) {
    img.bytes()[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
    cr_assert_not_null(img.validate(), "bit %zu flipped was accepted", bit);
    img.bytes()[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
  }
  cr_assert_null(img.validate());
}

Test(cache_reader, random_multi_bit_flips_are_rejected_or_resealed_safely) {
  // With a correct checksum (a hostile writer), random damage must still be
  // rejected or, if accepted, every lookup must stay in bounds.
  uint32_t x = 12345;  // fixed seed
  auto next = [&] { return x = x * 1664525u + 1013904223u; };
  for (int round = 0; round < 3000; ++round) {
    Image img = sample();
    for (int k = 0; k < 1 + round % 4; ++k) {
      size_t bit = next() % (img.size * 8);
      img.bytes()[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
    }
    if (round % 2 == 0) {
      cr_assert_not_null(img.validate(), "round %d accepted", round);
      continue;
    }
    img.reseal();
    c::View v;
    if (c::validate(img.bytes(), img.size, &v) != nullptr) continue;
    // Accepted: every lookup stays inside the image (run under valgrind or
    // ASan to have every read checked, not only the ranges below).
    for (uint32_t i = 0; i < v.header->entry_count; ++i) {
      const char* s = v.string(v.entries[i].soname_offset);
      c::Candidates cand = c::lookup(v, s, std::strlen(s));
      if (cand.count == 0) continue;  // a damaged hash: not found, which is safe
      cr_assert_leq(reinterpret_cast<const unsigned char*>(cand.first + cand.count) - img.bytes(),
                    static_cast<long>(img.size));
    }
  }
}

Test(cache_reader, foreign_markers_are_rejected) {
  struct Case {
    void (*edit)(ldr_cache_header*);
    const char* want;
  };
  Case cases[] = {
      {[](ldr_cache_header* h) { h->magic[0] = 'X'; }, c::kMsgMagic},
      {[](ldr_cache_header* h) { h->major = 2; }, c::kMsgMajor},
      {[](ldr_cache_header* h) { h->byte_order = 2; }, c::kMsgForeign},
      {[](ldr_cache_header* h) { h->elf_class = 1; }, c::kMsgForeign},
      {[](ldr_cache_header* h) { h->machine = 3; }, c::kMsgForeign},
      {[](ldr_cache_header* h) { h->hash_seed = 1; }, c::kMsgHeader},
      {[](ldr_cache_header* h) { h->header_size = 64; }, c::kMsgHeader},
      {[](ldr_cache_header* h) { h->bucket_count = 3; }, c::kMsgHeader},
      {[](ldr_cache_header* h) { h->bucket_count = 0; }, c::kMsgHeader},
  };
  for (const Case& k : cases) {
    Image img = sample();
    k.edit(img.header());
    img.reseal();
    cr_assert_str_eq(img.validate(), k.want);
  }
}

Test(cache_reader, higher_minor_is_accepted) {
  Image img = sample();
  img.header()->minor = 9;
  img.reseal();
  cr_assert_null(img.validate());
}

Test(cache_reader, offsets_and_counts_out_of_range_are_rejected) {
  struct Case {
    void (*edit)(ldr_cache_header*);
    const char* want;
  };
  Case cases[] = {
      {[](ldr_cache_header* h) { h->entries_offset = h->file_size; h->entry_count = 1; }, c::kMsgRange},
      {[](ldr_cache_header* h) { h->entry_count = 0x7fffffffu; }, c::kMsgRange},
      {[](ldr_cache_header* h) { h->dir_count = 0xffffffffu; }, c::kMsgRange},
      {[](ldr_cache_header* h) { h->bucket_count = 1u << 27; }, c::kMsgRange},
      {[](ldr_cache_header* h) { h->strings_offset = ~uint64_t{0} - 4; }, c::kMsgRange},
      {[](ldr_cache_header* h) { h->string_size = static_cast<uint32_t>(h->file_size); }, c::kMsgRange},
      {[](ldr_cache_header* h) { h->buckets_offset = 4; }, c::kMsgRange},
      {[](ldr_cache_header* h) { h->entries_offset += 4; }, c::kMsgRange},
      {[](ldr_cache_header* h) { h->string_size -= 1; }, c::kMsgStrings},
      {[](ldr_cache_header* h) { h->entry_count -= 1; }, c::kMsgBuckets},
      {[](ldr_cache_header* h) { h->bucket_count *= 2; }, c::kMsgBuckets},
      {[](ldr_cache_header* h) { h->extension_offset = h->file_size - 4; }, c::kMsgExtension},
      {[](ldr_cache_header* h) { h->extension_offset += 8; }, c::kMsgExtension},
  };
  int i = 0;
  for (const Case& k : cases) {
    Image img = sample();
    k.edit(img.header());
    img.reseal();
    cr_assert_str_eq(img.validate(), k.want, "case %d", i++);
  }
}

Test(cache_reader, entry_fields_out_of_range_are_rejected) {
  for (int field = 0; field < 8; ++field) {
    Image img = sample();
    auto* e = reinterpret_cast<ldr_cache_entry*>(img.bytes() + img.header()->entries_offset);
    switch (field) {
      case 0: e->soname_offset = img.header()->string_size; break;
      case 1: e->path_offset = 0xffffffffu; break;
      case 2: e->dir_index = 2; break;
      case 3: e->hash ^= 1; break;  // lands in another bucket (count >= 2)
      case 4: e->reserved = 1; break;
      case 5: e->path_offset = e->soname_offset; break;  // not absolute
      case 6: e->hwcap_level = 1; break;  // glibc-hwcaps levels are 2, 3, 4
      case 7: e->hwcap_level = 5; break;
    }
    img.reseal();
    cr_assert_str_eq(img.validate(), c::kMsgEntry, "field %d", field);
  }
  Image img = sample();
  auto* d = reinterpret_cast<ldr_cache_dir*>(img.bytes() + img.header()->dirs_offset);
  d->conf_offset = img.header()->string_size + 10;
  img.reseal();
  cr_assert_str_eq(img.validate(), c::kMsgDir);
}

Test(cache_reader, hwcaps_levels_are_accepted) {
  for (uint8_t level : {0, 2, 3, 4}) {
    Image img = sample();
    auto* e = reinterpret_cast<ldr_cache_entry*>(img.bytes() + img.header()->entries_offset);
    e->hwcap_level = level;
    img.reseal();
    cr_assert_null(img.validate(), "level %u", level);
  }
}

Test(cache_reader, bucket_starts_out_of_order_are_rejected) {
  Image img = sample();
  auto* starts = reinterpret_cast<uint32_t*>(img.bytes() + img.header()->buckets_offset);
  uint32_t n = img.header()->bucket_count;
  uint32_t b = 1;
  while (b < n && starts[b] == 0) ++b;  // the first non-empty boundary
  starts[b] = img.header()->entry_count + 1;
  img.reseal();
  cr_assert_str_eq(img.validate(), c::kMsgBuckets);
}

Test(cache_reader, misaligned_buffer_is_rejected_not_read) {
  Image img = sample();
  std::vector<unsigned char> shifted(img.size + 1);
  std::memcpy(shifted.data() + 1, img.bytes(), img.size);
  c::View v;
  cr_assert_not_null(c::validate(shifted.data() + 1, img.size, &v));
}

// The secure-mode trust rule of cache/open.cc: root-owned, not writable by
// group or others (the e2e suite cannot install a system cache to test it).
Test(cache_trust, only_root_owned_caches_others_cannot_write) {
  cr_expect(c::trusted_for_secure_mode(0, 0100644));
  cr_expect(c::trusted_for_secure_mode(0, 0100600));
  cr_expect(c::trusted_for_secure_mode(0, 0100444));
  cr_expect_not(c::trusted_for_secure_mode(1000, 0100644), "owned by a user");
  cr_expect_not(c::trusted_for_secure_mode(0, 0100664), "group-writable");
  cr_expect_not(c::trusted_for_secure_mode(0, 0100646), "world-writable");
  cr_expect_not(c::trusted_for_secure_mode(0, 0100666), "group- and world-writable");
}
