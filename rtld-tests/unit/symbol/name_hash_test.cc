// SPDX-License-Identifier: MIT
// hash_symbol_name (SSE2, 16-byte blocks) equals elf::gnu_hash_and_length
// for every length 0..200 at every offset within a 16-byte window, and for
// names that end right before an unmapped page (it must not read past it:
// a fault here fails the test).
#include <criterion/criterion.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstring>

#include "symbol/name_hash.h"

namespace {

void fill(char* p, unsigned len, uint32_t seed) {
  for (unsigned i = 0; i < len; ++i) {
    seed = seed * 1103515245u + 12345u;
    p[i] = static_cast<char>(1 + (seed >> 16) % 255);
  }
  p[len] = '\0';
}

constexpr long kPage = 4096;

// A page followed by an inaccessible one: a name ending at the first page's
// last byte must be read without touching the second (a fault fails the test).
char* map_guarded_page() {
  auto* area = static_cast<char*>(mmap(nullptr, 2 * kPage, PROT_READ | PROT_WRITE,
                                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  cr_assert(area != MAP_FAILED);
  cr_assert_eq(mprotect(area + kPage, kPage, PROT_NONE), 0);
  return area;
}

}  // namespace

Test(symbol_name_hash, equals_the_reference_at_every_length_and_alignment) {
  alignas(16) static char buf[256 + 16];
  for (unsigned offset = 0; offset < 16; ++offset) {
    for (unsigned len = 0; len <= 200; ++len) {
      char* s = buf + offset;
      fill(s, len, len * 31 + offset);
      ldr::elf::HashedName want = ldr::elf::gnu_hash_and_length(s);
      ldr::elf::HashedName got = ldr::hash_symbol_name(s);
      cr_expect_eq(got.hash, want.hash, "hash, length %u offset %u", len, offset);
      cr_expect_eq(got.length, len, "length %u offset %u", len, offset);
    }
  }
}

Test(symbol_name_hash, never_reads_into_the_next_page) {
  char* area = map_guarded_page();
  for (unsigned len = 0; len <= 100; ++len) {
    char* s = area + kPage - 1 - len;  // the NUL is the page's last byte
    fill(s, len, len);
    ldr::elf::HashedName want = ldr::elf::gnu_hash_and_length(s);
    ldr::elf::HashedName got = ldr::hash_symbol_name(s);
    cr_expect_eq(got.hash, want.hash, "hash at length %u", len);
    cr_expect_eq(got.length, len, "length %u", len);
  }
  munmap(area, 2 * kPage);
}

// hash_name_key: the same key for the same name wherever it lies (every
// alignment, ending at a page's last byte), its exact length, and different
// keys for the names of a sample that differ in one character or length.
Test(symbol_name_key, same_name_same_key_anywhere) {
  alignas(16) static char buf[256 + 16], ref[256];
  char* area = map_guarded_page();
  for (unsigned len = 0; len <= 200; ++len) {
    fill(ref, len, len * 7 + 1);
    ldr::NameKey want = ldr::hash_name_key(ref);
    cr_expect_eq(want.length, len);
    for (unsigned offset = 0; offset < 16; ++offset) {
      std::memcpy(buf + offset, ref, len + 1);
      ldr::NameKey got = ldr::hash_name_key(buf + offset);
      cr_expect_eq(got.hash, want.hash, "length %u offset %u", len, offset);
      cr_expect_eq(got.length, len);
    }
    char* end = area + kPage - 1 - len;
    std::memcpy(end, ref, len + 1);
    cr_expect_eq(ldr::hash_name_key(end).hash, want.hash, "at the page end, length %u", len);
    if (len > 0) {
      ref[len / 2] = static_cast<char>(ref[len / 2] == 'a' ? 'b' : 'a');
      cr_expect_neq(ldr::hash_name_key(ref).hash, want.hash, "one character changed, length %u", len);
      ref[len - 1] = '\0';
      cr_expect_neq(ldr::hash_name_key(ref).hash, want.hash, "one character shorter, length %u", len);
    }
  }
  munmap(area, 2 * kPage);
}
