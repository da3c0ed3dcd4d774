// SPDX-License-Identifier: MIT
// reloc::apply_value per x86-64 type on a byte buffer: the value and width
// written (psABI table 4.9: S, A, P, B, Z), overflow detection for the 32-bit
// forms, and kNotValueType (nothing written) for every other type.
#include <criterion/criterion.h>

#include <cstdint>
#include <cstring>

#include "arch/x86_64/machine.h"
#include "reloc/apply.h"

using namespace ldr::arch;
using ldr::reloc::apply_value;
using ldr::reloc::ApplyResult;
using ldr::reloc::RelocInputs;

namespace {

constexpr uint64_t kFill = 0xa5a5a5a5a5a5a5a5;  // untouched bytes read back as this

struct Row {
  const char* what;
  uint32_t type;
  RelocInputs in;  // S, A, P, B, Z
  ApplyResult result;
  int width;       // bytes written (0: none)
  uint64_t value;  // the written bytes, little-endian, zero-extended
};

const Row kRows[] = {
    {"64: S + A = 0x7f0000001000 + 0x10", R_X86_64_64, {0x7f0000001000, 0x10, 0, 0, 0},
     ApplyResult::kOk, 8, 0x7f0000001010},
    {"64: S + A = 0x1000 - 8", R_X86_64_64, {0x1000, -8, 0, 0, 0}, ApplyResult::kOk, 8, 0xff8},
    {"64: undefined weak S = 0, A = 0", R_X86_64_64, {0, 0, 0, 0, 0}, ApplyResult::kOk, 8, 0},
    {"64: wraps mod 2^64: ~0 + 2 = 1", R_X86_64_64, {~0ULL, 2, 0, 0, 0}, ApplyResult::kOk, 8, 1},
    {"GLOB_DAT: S, addend 0x1234 ignored", R_X86_64_GLOB_DAT, {0x5000, 0x1234, 0x9000, 0x10000, 0},
     ApplyResult::kOk, 8, 0x5000},
    {"JUMP_SLOT: S, addend -1 ignored", R_X86_64_JUMP_SLOT, {0x7f1234560000, -1, 0x9000, 0, 0},
     ApplyResult::kOk, 8, 0x7f1234560000},
    {"RELATIVE: B + A = 0x7f0000000000 + 0x1234, S ignored", R_X86_64_RELATIVE,
     {0xdead, 0x1234, 0x9000, 0x7f0000000000, 0}, ApplyResult::kOk, 8, 0x7f0000001234},
    {"RELATIVE: B + A with negative A", R_X86_64_RELATIVE, {0, -0x10, 0, 0x10000, 0},
     ApplyResult::kOk, 8, 0xfff0},
    {"RELATIVE64: B + A", R_X86_64_RELATIVE64, {0, 0x40, 0, 0x400000, 0}, ApplyResult::kOk, 8,
     0x400040},
    {"PC64: S + A - P = 0x1000 + 0x20 - 0x3000 = -0x1fe0", R_X86_64_PC64, {0x1000, 0x20, 0x3000, 0, 0},
     ApplyResult::kOk, 8, 0xffffffffffffe020},
    {"SIZE64: Z + A = 0x100 + 8", R_X86_64_SIZE64, {0xdead, 8, 0, 0, 0x100}, ApplyResult::kOk, 8,
     0x108},
    {"PC32: 0x401000 - 4 - 0x400ff0 = 0xc", R_X86_64_PC32, {0x401000, -4, 0x400ff0, 0, 0},
     ApplyResult::kOk, 4, 0xc},
    {"PC32: 0x400000 - 0x400100 = -0x100", R_X86_64_PC32, {0x400000, 0, 0x400100, 0, 0},
     ApplyResult::kOk, 4, 0xffffff00},
    {"PC32: +0x7fffffff fits", R_X86_64_PC32, {0x7fffffff, 0, 0, 0, 0}, ApplyResult::kOk, 4,
     0x7fffffff},
    {"PC32: -0x80000000 fits", R_X86_64_PC32, {0, 0, 0x80000000, 0, 0}, ApplyResult::kOk, 4,
     0x80000000},
    {"PC32: +0x80000000 overflows", R_X86_64_PC32, {0x80000000, 0, 0, 0, 0},
     ApplyResult::kOverflow, 0, 0},
    {"PC32: -0x80000001 overflows", R_X86_64_PC32, {0, 0, 0x80000001, 0, 0},
     ApplyResult::kOverflow, 0, 0},
    {"PC32: library 0x7f0000000000 from 0x400000 overflows", R_X86_64_PC32,
     {0x7f0000000000, 0, 0x400000, 0, 0}, ApplyResult::kOverflow, 0, 0},
    {"32: 0xfffffff0 + 0xf = 0xffffffff fits", R_X86_64_32, {0xfffffff0, 0xf, 0, 0, 0},
     ApplyResult::kOk, 4, 0xffffffff},
    {"32: 0xfffffff0 + 0x10 = 2^32 overflows", R_X86_64_32, {0xfffffff0, 0x10, 0, 0, 0},
     ApplyResult::kOverflow, 0, 0},
    {"32: 0x10 - 0x20 is negative: overflows (zero-extended)", R_X86_64_32, {0x10, -0x20, 0, 0, 0},
     ApplyResult::kOverflow, 0, 0},
    {"32: 0x400123", R_X86_64_32, {0x400100, 0x23, 0, 0, 0}, ApplyResult::kOk, 4, 0x400123},
    {"32S: 0x7fffffff fits", R_X86_64_32S, {0x7fffff00, 0xff, 0, 0, 0}, ApplyResult::kOk, 4,
     0x7fffffff},
    {"32S: 0x80000000 overflows", R_X86_64_32S, {0x80000000, 0, 0, 0, 0}, ApplyResult::kOverflow,
     0, 0},
    {"32S: 0x10 - 0x20 = -0x10 fits", R_X86_64_32S, {0x10, -0x20, 0, 0, 0}, ApplyResult::kOk, 4,
     0xfffffff0},
    {"32S: -0x80000000 fits", R_X86_64_32S, {0, -0x80000000LL, 0, 0, 0}, ApplyResult::kOk, 4,
     0x80000000},
    {"32S: -0x80000001 overflows", R_X86_64_32S, {0, -0x80000001LL, 0, 0, 0},
     ApplyResult::kOverflow, 0, 0},
    {"SIZE32: Z + A = 0x100 + 8", R_X86_64_SIZE32, {0xdead, 8, 0, 0, 0x100}, ApplyResult::kOk, 4,
     0x108},
    {"SIZE32: Z = 2^32 overflows", R_X86_64_SIZE32, {0, 0, 0, 0, 0x100000000}, ApplyResult::kOverflow,
     0, 0},
    {"NONE: nothing written", R_X86_64_NONE, {0x1000, 0x10, 0x2000, 0x3000, 8}, ApplyResult::kOk, 0,
     0},
};

const uint32_t kNotValue[] = {
    R_X86_64_GOT32,    R_X86_64_PLT32,    R_X86_64_COPY,      R_X86_64_GOTPCREL,
    R_X86_64_16,       R_X86_64_PC16,     R_X86_64_8,         R_X86_64_PC8,
    R_X86_64_DTPMOD64, R_X86_64_DTPOFF64, R_X86_64_TPOFF64,   R_X86_64_TLSGD,
    R_X86_64_TLSLD,    R_X86_64_DTPOFF32, R_X86_64_GOTTPOFF,  R_X86_64_TPOFF32,
    R_X86_64_GOTOFF64, R_X86_64_GOTPC32,  R_X86_64_GOTPC32_TLSDESC, R_X86_64_TLSDESC_CALL,
    R_X86_64_TLSDESC,  R_X86_64_IRELATIVE, 27, 39, 40, 0xffffffff,
};

const char* result_name(ApplyResult r) {
  switch (r) {
    case ApplyResult::kOk: return "kOk";
    case ApplyResult::kOverflow: return "kOverflow";
    case ApplyResult::kNotValueType: return "kNotValueType";
  }
  return "?";
}

}  // namespace

Test(reloc_x86_64, value_and_width_per_type) {
  for (const Row& r : kRows) {
    // 8 guard bytes before and after the place.
    alignas(8) unsigned char buf[24];
    std::memset(buf, 0xa5, sizeof buf);
    ApplyResult got = apply_value(r.type, buf + 8, r.in);
    cr_expect_eq(static_cast<int>(got), static_cast<int>(r.result), "%s: %s", r.what,
                 result_name(got));
    uint64_t before, place, after;
    std::memcpy(&before, buf, 8);
    std::memcpy(&place, buf + 8, 8);
    std::memcpy(&after, buf + 16, 8);
    cr_expect_eq(before, kFill, "%s: wrote before the place", r.what);
    cr_expect_eq(after, kFill, "%s: wrote past 8 bytes", r.what);
    uint64_t mask = r.width == 8 ? ~0ULL : (uint64_t{1} << (8 * r.width)) - 1;
    uint64_t want = (r.value & mask) | (kFill & ~mask);
    cr_expect_eq(place, want, "%s: place %#llx, want %#llx", r.what,
                 static_cast<unsigned long long>(place), static_cast<unsigned long long>(want));
  }
}

Test(reloc_x86_64, glob_dat_ignores_addend) {
  uint64_t slot = 0;
  cr_assert_eq(static_cast<int>(apply_value(R_X86_64_GLOB_DAT, &slot, {0x4000, 0x99, 0, 0, 0})),
               static_cast<int>(ApplyResult::kOk));
  cr_expect_eq(slot, 0x4000u);
}

Test(reloc_x86_64, unaligned_place_is_written_bytewise) {
  unsigned char buf[16] = {};
  cr_assert_eq(static_cast<int>(apply_value(R_X86_64_64, buf + 3, {0x0807060504030201, 0, 0, 0, 0})),
               static_cast<int>(ApplyResult::kOk));
  const unsigned char want[16] = {0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0};
  cr_expect_arr_eq(buf, want, 16);
}

Test(reloc_x86_64, other_types_are_not_value_types_and_write_nothing) {
  for (uint32_t type : kNotValue) {
    uint64_t slot = kFill;
    ApplyResult got = apply_value(type, &slot, {0x1000, 0x10, 0x2000, 0x3000, 8});
    cr_expect_eq(static_cast<int>(got), static_cast<int>(ApplyResult::kNotValueType),
                 "type %u: %s", type, result_name(got));
    cr_expect_eq(slot, kFill, "type %u wrote", type);
  }
}
