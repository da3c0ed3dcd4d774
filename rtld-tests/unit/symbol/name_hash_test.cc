// SPDX-License-Identifier: MIT
// hash_symbol_name (SSE2, 32- and 16-byte steps) equals elf::gnu_hash_and_length
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

// Both paths: SSE2, and AVX2 where this CPU has it (a machine without it
// tests SSE2 twice, as the loader would run).
void check_every_length_and_alignment(bool avx2) {
  ldr::use_avx2_name_hash(avx2);
  alignas(32) static char buf[256 + 32];
  for (unsigned offset = 0; offset < 32; ++offset) {
    for (unsigned len = 0; len <= 200; ++len) {
      char* s = buf + offset;
      fill(s, len, len * 31 + offset);
      ldr::elf::HashedName want = ldr::elf::gnu_hash_and_length(s);
      ldr::elf::HashedName got = ldr::hash_symbol_name(s);
      cr_expect_eq(got.hash, want.hash, "hash, length %u offset %u avx2 %d", len, offset, avx2);
      cr_expect_eq(got.length, len, "length %u offset %u avx2 %d", len, offset, avx2);
    }
  }
}

void check_page_end(bool avx2) {
  ldr::use_avx2_name_hash(avx2);
  char* area = map_guarded_page();
  for (unsigned len = 0; len <= 100; ++len) {
    char* s = area + kPage - 1 - len;  // the NUL is the page's last byte
    fill(s, len, len);
    ldr::elf::HashedName want = ldr::elf::gnu_hash_and_length(s);
    ldr::elf::HashedName got = ldr::hash_symbol_name(s);
    cr_expect_eq(got.hash, want.hash, "hash at length %u avx2 %d", len, avx2);
    cr_expect_eq(got.length, len, "length %u avx2 %d", len, avx2);
  }
  munmap(area, 2 * kPage);
}

bool have_avx2() { return __builtin_cpu_supports("avx2"); }

}  // namespace

Test(symbol_name_hash, equals_the_reference_at_every_length_and_alignment) {
  check_every_length_and_alignment(false);
  check_every_length_and_alignment(have_avx2());
  ldr::use_avx2_name_hash(false);
}

Test(symbol_name_hash, never_reads_into_the_next_page) {
  check_page_end(false);
  check_page_end(have_avx2());
  ldr::use_avx2_name_hash(false);
}

// symbol_name_length: the exact length at every alignment and for names
// ending right before an unmapped page.
Test(symbol_name_length, exact_anywhere) {
  alignas(32) static char buf[256 + 32];
  char* area = map_guarded_page();
  for (bool avx2 : {false, have_avx2()}) {
    ldr::use_avx2_name_hash(avx2);
    for (unsigned len = 0; len <= 200; ++len) {
      for (unsigned offset = 0; offset < 32; ++offset) {
        fill(buf + offset, len, len * 7 + offset);
        cr_expect_eq(ldr::symbol_name_length(buf + offset), len, "length %u offset %u avx2 %d", len, offset, avx2);
      }
      if (len <= 100) {
        char* end = area + kPage - 1 - len;
        fill(end, len, len);
        cr_expect_eq(ldr::symbol_name_length(end), len, "at the page end, length %u avx2 %d", len, avx2);
      }
    }
  }
  ldr::use_avx2_name_hash(false);
  munmap(area, 2 * kPage);
}
