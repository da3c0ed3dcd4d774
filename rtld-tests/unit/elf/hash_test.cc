// SPDX-License-Identifier: MIT
// elf::gnu_hash and elf::sysv_hash against reference implementations written
// here and against constants read from Debian 12's libc.so.6 (.gnu.hash chain
// words and Verdef vd_hash fields, extracted with a Python ELF reader).
#include <criterion/criterion.h>

#include <cstdint>

#include "elf/hash.h"

namespace e = ldr::elf;

namespace {

// Reference: DJB's h = h * 33 + c from 5381 (binutils bfd_elf_gnu_hash).
uint32_t ref_gnu(const char* s) {
  uint32_t h = 5381;
  for (const unsigned char* p = reinterpret_cast<const unsigned char*>(s); *p; ++p)
    h = (h << 5) + h + *p;
  return h;
}

// Reference: the gABI's ELF hash, written as in the System V ABI text.
uint32_t ref_sysv(const char* s) {
  uint32_t h = 0, g;
  for (const unsigned char* p = reinterpret_cast<const unsigned char*>(s); *p; ++p) {
    h = (h << 4) + *p;
    if ((g = h & 0xf0000000) != 0) h ^= g >> 24;
    h &= ~g;
  }
  return h;
}

struct Known {
  const char* name;
  uint32_t gnu;
  uint32_t sysv;
};

// gnu: libc.so.6's .gnu.hash chain word for the symbol (the low bit is the
// chain-end flag) where noted, else computed by Python; sysv: libc.so.6's
// vd_hash where noted, else computed by Python.
const Known kKnown[] = {
    {"", 0x00001505, 0x00000000},                    // 5381; nothing hashed
    {"a", 0x0002b606, 0x00000061},                   // 5381 * 33 + 97 = 177670; 'a' = 0x61
    {"printf", 0x156b2bb8, 0x077905a6},              // libc chain word 0x156b2bb8
    {"exit", 0x7c967e3f, 0x0006cf04},                // libc chain word 0x7c967e3e (bit 0 is the end flag)
    {"__libc_start_main", 0xf63d4e2e, 0x0177ff8e},   // libc chain word 0xf63d4e2e
    {"memcpy", 0x0d827590, 0x073c3a79},              // libc chain word 0x0d827590
    {"GLIBC_2.2.5", 0x427315ba, 0x09691a75},         // libc vd_hash 0x09691a75
    {"GLIBC_2.34", 0xc3f3f90c, 0x069691b4},          // libc vd_hash 0x069691b4
    {"libc.so.6", 0x5fd7d493, 0x0865f4e6},           // libc base vd_hash 0x0865f4e6
};

}  // namespace

// constexpr evaluation (style guide: static_assert tests for constexpr functions).
static_assert(e::gnu_hash("") == 5381);
static_assert(e::gnu_hash("a") == 5381 * 33 + 'a');
static_assert(e::gnu_hash("printf") == 0x156b2bb8);
static_assert(e::sysv_hash("") == 0);
static_assert(e::sysv_hash("a") == 0x61);
static_assert(e::sysv_hash("GLIBC_2.2.5") == 0x09691a75);

Test(elf_hash, sysv_matches_libc_constants) {
  for (const Known& k : kKnown)
    cr_expect_eq(e::sysv_hash(k.name), k.sysv, "sysv_hash(\"%s\") = %#x, want %#x", k.name,
                 e::sysv_hash(k.name), k.sysv);
}

Test(elf_hash, gnu_matches_libc_constants) {
  for (const Known& k : kKnown)
    cr_expect_eq(e::gnu_hash(k.name), k.gnu, "gnu_hash(\"%s\") = %#x, want %#x", k.name,
                 e::gnu_hash(k.name), k.gnu);
}

Test(elf_hash, both_agree_with_reference_on_many_names) {
  const char* names[] = {"",           "_",          "x",          "printf",        "exit",
                         "malloc",     "free",       "_init",      "_fini",         "environ",
                         "__cxa_finalize", "_ITM_registerTMCloneTable", "__gmon_start__",
                         "a_really_long_symbol_name_that_overflows_the_high_nibble_many_times",
                         "\xff\xfe\x80", "GLIBC_PRIVATE", "_ZNSt6vectorIiSaIiEE9push_backERKi"};
  for (const char* n : names) {
    cr_expect_eq(e::gnu_hash(n), ref_gnu(n), "gnu_hash(\"%s\")", n);
    cr_expect_eq(e::sysv_hash(n), ref_sysv(n), "sysv_hash(\"%s\")", n);
  }
}

Test(elf_hash, sysv_keeps_high_nibble_clear) {
  // Every step clears bits 28..31: the result is below 2^28 for any input.
  const char* long_name = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  cr_expect_lt(e::sysv_hash(long_name), 0x10000000u);
  cr_expect_eq(e::sysv_hash(long_name), ref_sysv(long_name));
}

Test(elf_hash, gnu_hash_bytes_are_unsigned) {
  // 0xff must add 255, not -1: 5381 * 33 + 255 = 177828.
  cr_expect_eq(e::gnu_hash("\xff"), 177828u);
  // sysv: h = 0xff.
  cr_expect_eq(e::sysv_hash("\xff"), 0xffu);
}

Test(elf_hash, djb_collision_pair_is_a_real_collision) {
  // 'E' * 33 + 'z' = 69 * 33 + 122 = 2399 = 70 * 33 + 89 = 'F' * 33 + 'Y'.
  cr_expect_eq(e::gnu_hash("Ez"), e::gnu_hash("FY"));
  cr_expect_eq(e::gnu_hash("Ez"), 0x005973a4u);
  cr_expect_neq(e::sysv_hash("Ez"), e::sysv_hash("FY"));  // 0x4ca vs 0x4b9
}

// gnu_hash_and_length (four characters a step) equals the reference hash and
// strlen for every length 0..300 and every byte value, so each of its tails
// (1, 2, 3 characters left) is exercised.
Test(elf_hash, gnu_hash_and_length_matches_the_reference_at_every_length) {
  char buf[302];
  uint32_t seed = 12345;
  for (unsigned len = 0; len <= 300; ++len) {
    for (unsigned i = 0; i < len; ++i) {
      seed = seed * 1103515245u + 12345u;
      buf[i] = static_cast<char>(1 + (seed >> 16) % 255);  // any byte but NUL
    }
    buf[len] = '\0';
    e::HashedName h = e::gnu_hash_and_length(buf);
    cr_expect_eq(h.hash, ref_gnu(buf), "hash at length %u", len);
    cr_expect_eq(h.length, len, "length at length %u", len);
  }
}
