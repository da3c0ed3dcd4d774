// SPDX-License-Identifier: MIT
// base::Arena: every allocation is aligned as asked, zeroed, distinct from
// the others; large requests get their own mapping; make/make_array/dup;
// released blocks come back zeroed for a request of the same size only.
#include <criterion/criterion.h>

#include <cstdint>
#include <cstring>

#include "base/arena.h"

using ldr::base::Arena;

namespace {
bool aligned(const void* p, size_t a) { return (reinterpret_cast<uintptr_t>(p) & (a - 1)) == 0; }
bool all_zero(const void* p, size_t n) {
  const auto* b = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < n; ++i)
    if (b[i] != 0) return false;
  return true;
}
}  // namespace

Test(base_arena, allocations_honour_alignment) {
  Arena a;
  for (size_t align : {1, 2, 4, 8, 16, 32, 64, 128, 256, 4096}) {
    void* odd = a.allocate(3, 1);  // knock the cursor off alignment
    cr_assert_not_null(odd);
    void* p = a.allocate(24, align);
    cr_assert_not_null(p);
    cr_expect(aligned(p, align), "%p not aligned to %zu", p, align);
  }
}

Test(base_arena, default_alignment_is_16) {
  Arena a;
  (void)a.allocate(1, 1);
  void* p = a.allocate(8);
  cr_expect(aligned(p, 16));
}

Test(base_arena, memory_is_zeroed_and_disjoint) {
  Arena a;
  unsigned char* prev = nullptr;
  size_t prev_n = 0;
  for (size_t n : {1, 7, 16, 100, 1000, 4000}) {
    auto* p = static_cast<unsigned char*>(a.allocate(n, 8));
    cr_assert_not_null(p);
    cr_expect(all_zero(p, n), "allocation of %zu not zeroed", n);
    if (prev != nullptr) cr_expect(p >= prev + prev_n, "allocation overlaps the previous one");
    std::memset(p, 0xee, n);
    prev = p;
    prev_n = n;
  }
}

Test(base_arena, first_allocation_maps_one_64k_chunk) {
  Arena a;
  cr_expect_eq(a.bytes_mapped(), 0u);
  (void)a.allocate(16);
  cr_expect_eq(a.bytes_mapped(), 64u * 1024);
  (void)a.allocate(1000);
  cr_expect_eq(a.bytes_mapped(), 64u * 1024, "a small allocation reused the chunk");
}

Test(base_arena, large_request_gets_its_own_mapping) {
  Arena a;
  size_t n = 200 * 1024;
  auto* p = static_cast<unsigned char*>(a.allocate(n, 64));
  cr_assert_not_null(p);
  cr_expect(aligned(p, 64));
  cr_expect(all_zero(p, n));
  p[n - 1] = 1;  // the whole range is writable
  // (200 KiB + 64 + 4095) & ~4095 = 0x32000 + 0x1000 = 0x33000
  cr_expect_eq(a.bytes_mapped(), 0x33000u);
}

Test(base_arena, full_chunk_moves_to_a_new_one) {
  Arena a;
  auto* p = static_cast<unsigned char*>(a.allocate(60 * 1024, 16));
  auto* q = static_cast<unsigned char*>(a.allocate(8 * 1024, 16));  // does not fit the rest
  cr_assert_not_null(p);
  cr_assert_not_null(q);
  cr_expect(q < p || q >= p + 60 * 1024);
  cr_expect_eq(a.bytes_mapped(), 128u * 1024);
  cr_expect(all_zero(q, 8 * 1024));
}

Test(base_arena, make_constructs_and_make_array_checks_overflow) {
  struct Point {
    int x = 3;
    long y = 4;
  };
  Arena a;
  Point* p = a.make<Point>();
  cr_assert_not_null(p);
  cr_expect_eq(p->x, 3);
  cr_expect_eq(p->y, 4);
  cr_expect(aligned(p, alignof(Point)));
  uint64_t* arr = a.make_array<uint64_t>(10);
  cr_assert_not_null(arr);
  cr_expect(all_zero(arr, 80));
  cr_expect_null(a.make_array<uint64_t>(SIZE_MAX / 4));  // 8 * (SIZE_MAX / 4) overflows
}

Test(base_arena, dup_copies_and_terminates) {
  Arena a;
  char* s = a.dup("libc.so.6");
  cr_assert_not_null(s);
  cr_expect_str_eq(s, "libc.so.6");
  char* t = a.dup("/usr/lib/x86_64-linux-gnu", 8);
  cr_expect_str_eq(t, "/usr/lib");
  cr_expect_neq(s, t);
  char* e = a.dup("");
  cr_expect_str_eq(e, "");
}

Test(base_arena, released_block_is_reused_zeroed_for_the_same_size) {
  Arena a;
  auto* p = static_cast<unsigned char*>(a.allocate(40, 16));
  std::memset(p, 0xab, 40);
  size_t live = a.bytes_live();
  a.release(p, 40);
  cr_expect_eq(a.bytes_live(), live - 40);
  auto* other = static_cast<unsigned char*>(a.allocate(48, 16));  // another size: not p
  cr_expect_neq(other, p);
  auto* q = static_cast<unsigned char*>(a.allocate(40, 16));
  cr_expect_eq(q, p, "the released block was not reused");
  cr_expect(all_zero(q, 40), "a reused block must be zeroed");
}

Test(base_arena, sizes_round_to_8_so_a_string_finds_its_own_block) {
  Arena a;
  char* s = a.dup("libgreet.so.1");  // 14 bytes
  a.release(s, 14);
  char* t = a.dup("libgreet.so.2");  // 14 bytes: the same bin
  cr_expect_eq(t, s);
  cr_expect_str_eq(t, "libgreet.so.2");
}

Test(base_arena, reuse_respects_alignment) {
  Arena a;
  (void)a.allocate(8, 1);
  auto* p = static_cast<unsigned char*>(a.allocate(64, 8));
  bool p_is_64_aligned = aligned(p, 64);
  a.release(p, 64);
  void* q = a.allocate(64, 64);
  cr_expect(aligned(q, 64));
  if (!p_is_64_aligned) cr_expect_neq(q, p);
}

Test(base_arena, large_blocks_are_reused_by_exact_size) {
  Arena a;
  size_t n = 100 * 1024;
  void* p = a.allocate(n, 16);
  size_t mapped = a.bytes_mapped();
  a.release(p, n);
  void* smaller = a.allocate(n - 8, 16);
  cr_expect_neq(smaller, p);
  void* q = a.allocate(n, 16);
  cr_expect_eq(q, p);
  cr_expect(all_zero(q, n));
  cr_expect_eq(a.bytes_mapped(), mapped + ((n - 8 + 16 + 4095) & ~size_t{4095}));
}

Test(base_arena, repeated_allocate_release_cycles_do_not_grow) {
  Arena a;
  for (int i = 0; i < 1000; ++i) {
    void* x = a.allocate(1192, 16);
    char* s = a.dup("/tmp/some/library/path.so.1");
    void* big = a.allocate(9000, 16);
    a.release(big, 9000);
    a.release(s, 27 + 1);
    a.release(x, 1192);
  }
  cr_expect_eq(a.bytes_mapped(), 64u * 1024, "allocate/release cycles must reuse memory");
  cr_expect_eq(a.bytes_live(), 0u);
}

Test(base_arena, foreign_pointers_are_not_taken_into_the_free_lists) {
  Arena a;
  static char outside[64];
  void* mine = a.allocate(64, 16);
  cr_expect(a.owns(mine));
  cr_expect_not(a.owns(outside));
  size_t live = a.bytes_live();
  a.release(outside, 64);  // ignored
  cr_expect_eq(a.bytes_live(), live);
  void* next = a.allocate(64, 16);
  cr_expect_neq(next, static_cast<void*>(outside));
}
