// SPDX-License-Identifier: MIT
// tls::layout_static_tls against glibc's _dl_determine_tlsoffset
// (TLS_TCB_AT_TP): each expected offset is worked out by hand beside it,
// including gap reuse (freetop/freebottom) and p_vaddr-misaligned blocks;
// every layout is also checked for overlap and alignment.
#include <criterion/criterion.h>

#include <cstdint>

#include "tls/layout.h"

using ldr::tls::BlockSpec;
using ldr::tls::layout_static_tls;
using ldr::tls::StaticLayout;

namespace {

constexpr uint64_t kTcb = 0x940;       // glibc 2.36 x86-64 TLS_TCB_SIZE (struct pthread)
constexpr uint64_t kTcbAlign = 64;     // TCB_ALIGNMENT
constexpr uint64_t kSurplus = 0x680;   // glibc's default static TLS surplus

// Blocks lie at TP - offset, TP aligned to max_align: each block must start
// at first_byte modulo its alignment, end at or below TP, and not overlap.
void check_placement(const BlockSpec* b, const uint64_t* off, size_t n, const StaticLayout& l) {
  for (size_t i = 0; i < n; ++i) {
    uint64_t align = b[i].align != 0 ? b[i].align : 1;
    cr_expect_geq(off[i], b[i].size, "block %zu ends above TP", i);
    cr_expect_leq(off[i], l.used, "block %zu beyond used", i);
    cr_expect_eq((0 - off[i]) & (align - 1), b[i].first_byte & (align - 1),
                 "block %zu misaligned", i);
    for (size_t j = 0; j < i; ++j) {
      bool apart = off[i] - b[i].size >= off[j] || off[j] - b[j].size >= off[i];
      cr_expect(apart, "blocks %zu and %zu overlap", j, i);
    }
  }
}

}  // namespace

Test(tls_layout, libc_block_gives_documented_static_size) {
  const BlockSpec b[] = {{0x90, 16, 0}};
  uint64_t off[1];
  StaticLayout l = layout_static_tls(b, 1, off, kSurplus, kTcb, kTcbAlign);
  cr_expect_eq(off[0], 0x90u);       // roundup(0 + 0x90, 16)
  cr_expect_eq(l.used, 0x90u);
  cr_expect_eq(l.max_align, 64u);    // the TCB's 64 beats 16
  cr_expect_eq(l.size, 0x1080u);     // roundup(0x90 + 0x680 = 0x710, 64) = 0x740; + 0x940
}

Test(tls_layout, no_blocks_leave_surplus_and_tcb) {
  uint64_t off[1] = {0xdead};
  StaticLayout l = layout_static_tls(nullptr, 0, off, kSurplus, kTcb, kTcbAlign);
  cr_expect_eq(l.used, 0u);
  cr_expect_eq(l.size, 0xfc0u);      // roundup(0x680, 64) = 0x680; + 0x940
  cr_expect_eq(l.max_align, 64u);
  cr_expect_eq(off[0], 0xdeadu);
}

Test(tls_layout, single_block_rounds_up_to_its_alignment) {
  const BlockSpec b[] = {{0x24, 8, 0}};
  uint64_t off[1];
  StaticLayout l = layout_static_tls(b, 1, off, 0, 0x700, kTcbAlign);
  cr_expect_eq(off[0], 0x28u);       // roundup(0x24, 8)
  cr_expect_eq(l.used, 0x28u);
  cr_expect_eq(l.size, 0x740u);      // roundup(0x28, 64) = 0x40; + 0x700
}

Test(tls_layout, zero_alignment_counts_as_one) {
  const BlockSpec b[] = {{5, 0, 0}, {3, 1, 0}};
  uint64_t off[2];
  StaticLayout l = layout_static_tls(b, 2, off, 0, 0, 1);
  cr_expect_eq(off[0], 5u);          // roundup(5, 1)
  cr_expect_eq(off[1], 8u);          // roundup(5 + 3, 1)
  cr_expect_eq(l.used, 8u);
  cr_expect_eq(l.max_align, 1u);
  cr_expect_eq(l.size, 8u);          // roundup(8 + 0, 1) + 0
}

Test(tls_layout, mixed_alignments_reuse_the_gap) {
  const BlockSpec b[] = {
      {0x10, 16, 0},  // A
      {0x04, 4, 0},   // B
      {0x08, 64, 0},  // C: leaves the gap [0x14, 0x38)
      {0x10, 8, 0},   // D: fits in the gap
      {0x20, 8, 0},   // E: does not fit (0x10 left)
      {0x08, 8, 0},   // F: fits in what is left
  };
  uint64_t off[6];
  StaticLayout l = layout_static_tls(b, 6, off, 0x100, 0x700, kTcbAlign);
  cr_expect_eq(off[0], 0x10u);  // roundup(0 + 0x10, 16); offset = 0x10
  cr_expect_eq(off[1], 0x14u);  // roundup(0x10 + 4, 4); offset = 0x14
  cr_expect_eq(off[2], 0x40u);  // roundup(0x14 + 8, 64); 0x40 > 0x14 + 8: freetop 0x14, freebottom 0x38
  cr_expect_eq(off[3], 0x28u);  // gap 0x24 >= 0x10: roundup(0x14 + 0x10, 8) = 0x28 <= 0x38; freetop 0x28
  cr_expect_eq(off[4], 0x60u);  // gap 0x10 < 0x20: roundup(0x40 + 0x20, 8); 0x60 <= 0x40 + 0x20 + 0x10
  cr_expect_eq(off[5], 0x30u);  // gap 0x10 >= 8: roundup(0x28 + 8, 8) = 0x30 <= 0x38; freetop 0x30
  cr_expect_eq(l.used, 0x60u);
  cr_expect_eq(l.max_align, 64u);
  cr_expect_eq(l.size, 0x880u);  // roundup(0x60 + 0x100, 64) = 0x180; + 0x700
  check_placement(b, off, 6, l);
}

Test(tls_layout, block_aligned_to_64_first) {
  const BlockSpec b[] = {{0x30, 64, 0}, {0x08, 8, 0}, {0x10, 16, 0}};
  uint64_t off[3];
  StaticLayout l = layout_static_tls(b, 3, off, 0, 0x700, kTcbAlign);
  cr_expect_eq(off[0], 0x40u);  // roundup(0x30, 64); 0x40 > 0x30: freetop 0, freebottom 0x10
  cr_expect_eq(off[1], 0x08u);  // gap 0x10 >= 8: roundup(0 + 8, 8) = 8 <= 0x10; freetop 8
  cr_expect_eq(off[2], 0x50u);  // gap 8 < 0x10: roundup(0x40 + 0x10, 16); 0x50 <= 0x40 + 0x10 + 8
  cr_expect_eq(l.used, 0x50u);
  cr_expect_eq(l.size, 0x780u);  // roundup(0x50, 64) = 0x80; + 0x700
  check_placement(b, off, 3, l);
}

Test(tls_layout, alignment_above_tcb_raises_max_align) {
  const BlockSpec b[] = {{0x10, 128, 0}};
  uint64_t off[1];
  StaticLayout l = layout_static_tls(b, 1, off, kSurplus, kTcb, kTcbAlign);
  cr_expect_eq(off[0], 0x80u);       // roundup(0x10, 128)
  cr_expect_eq(l.max_align, 128u);
  cr_expect_eq(l.size, 0x1040u);     // roundup(0x80 + 0x680 = 0x700, 128) = 0x700; + 0x940
  check_placement(b, off, 1, l);
}

Test(tls_layout, first_byte_offsets_block_within_alignment) {
  const BlockSpec b[] = {
      {0x20, 32, 8},  // p_vaddr % 32 = 8: firstbyte = -8 & 31 = 0x18
      {0x10, 8, 0},
      {0x08, 16, 4},  // p_vaddr % 16 = 4: firstbyte = -4 & 15 = 0xc
  };
  uint64_t off[3];
  StaticLayout l = layout_static_tls(b, 3, off, 0, 0x700, kTcbAlign);
  // roundup(0 + 0x20 - 0x18, 32) + 0x18 = 0x38; 0x38 > 0x20: freetop 0, freebottom 0x18
  cr_expect_eq(off[0], 0x38u);
  // gap 0x18 >= 0x10: roundup(0 + 0x10, 8) = 0x10 <= 0x18; freetop 0x10
  cr_expect_eq(off[1], 0x10u);
  // gap 8 >= 8 but roundup(0x10 + 8 - 0xc, 16) + 0xc = 0x1c > 0x18: not in the gap;
  // roundup(0x38 + 8 - 0xc, 16) + 0xc = 0x4c; 0x4c > 0x38 + 8 + 8: freetop 0x38, freebottom 0x44
  cr_expect_eq(off[2], 0x4cu);
  cr_expect_eq(l.used, 0x4cu);
  cr_expect_eq(l.size, 0x780u);  // roundup(0x4c, 64) = 0x80; + 0x700
  check_placement(b, off, 3, l);
}

Test(tls_layout, new_gap_replaces_old_one) {
  // After C's gap [0x10, 0x18) (8 bytes), D opens a new gap [0x38, 0x44):
  // E (4 bytes, align 4) goes to the new gap, not the old one.
  const BlockSpec b[] = {{0x20, 32, 8}, {0x10, 8, 0}, {0x08, 16, 4}, {0x04, 4, 0}};
  uint64_t off[4];
  StaticLayout l = layout_static_tls(b, 4, off, 0, 0x700, kTcbAlign);
  cr_expect_eq(off[2], 0x4cu);
  cr_expect_eq(off[3], 0x3cu);  // gap 0x44 - 0x38 = 0xc >= 4: roundup(0x38 + 4, 4) = 0x3c <= 0x44
  cr_expect_eq(l.used, 0x4cu);
  check_placement(b, off, 4, l);
}

Test(tls_layout, block_exactly_filling_the_gap_goes_there) {
  const BlockSpec b[] = {{0x10, 16, 0}, {0x04, 4, 0}, {0x08, 64, 0}, {0x24, 4, 0}};
  uint64_t off[4];
  StaticLayout l = layout_static_tls(b, 4, off, 0, 0x700, kTcbAlign);
  cr_expect_eq(off[2], 0x40u);  // gap [0x14, 0x38) as above: 0x24 bytes
  cr_expect_eq(off[3], 0x38u);  // gap 0x24 >= 0x24: roundup(0x14 + 0x24, 4) = 0x38 <= 0x38
  cr_expect_eq(l.used, 0x40u);
  check_placement(b, off, 4, l);
}

Test(tls_layout, small_padding_keeps_the_larger_old_gap) {
  const BlockSpec b[] = {{0x30, 64, 0}, {0x14, 8, 0}, {0x10, 16, 0}};
  uint64_t off[3];
  StaticLayout l = layout_static_tls(b, 3, off, 0, 0x700, kTcbAlign);
  cr_expect_eq(off[0], 0x40u);  // roundup(0x30, 64); gap [0, 0x10)
  // gap 0x10 < 0x14: roundup(0x40 + 0x14, 8) = 0x58; 0x58 <= 0x40 + 0x14 + 0x10 = 0x64:
  // the 4 bytes of padding do not replace the 16-byte gap
  cr_expect_eq(off[1], 0x58u);
  cr_expect_eq(off[2], 0x10u);  // gap 0x10 >= 0x10: roundup(0 + 0x10, 16) = 0x10 <= 0x10
  cr_expect_eq(l.used, 0x58u);
  check_placement(b, off, 3, l);
}

Test(tls_layout, many_blocks_never_overlap) {
  BlockSpec b[16];
  const uint64_t aligns[] = {1, 8, 64, 4, 16, 32, 8, 2};
  for (size_t i = 0; i < 16; ++i) {
    uint64_t a = aligns[i % 8];
    b[i] = {3 + 7 * i, a, (5 * i) & (a - 1)};
  }
  uint64_t off[16];
  StaticLayout l = layout_static_tls(b, 16, off, kSurplus, kTcb, kTcbAlign);
  check_placement(b, off, 16, l);
  cr_expect_eq(l.size % 64, kTcb % 64);  // roundup(used + surplus, 64) + TCB
  cr_expect_geq(l.size, l.used + kSurplus + kTcb);
}
