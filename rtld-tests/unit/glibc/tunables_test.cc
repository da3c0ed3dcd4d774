// SPDX-License-Identifier: MIT
// GLIBC_TUNABLES and the alias variables as glibc 2.36's __tunables_init
// reads them (elf/dl-tunables.c), in secure mode above all: the variable is
// rewritten to the tunables that are not SXID_ERASE, SXID_IGNORE ones stay in
// it but are not applied, NONE ones are applied, SXID_ERASE aliases leave the
// environment. Pure: the tests own the table and the environment.
#include <criterion/criterion.h>

#include <cstdlib>
#include <cstring>

#include "glibc/tunables.h"

using ldr::glibc::Tunable;
using ldr::glibc::TunableSecurity;
using ldr::glibc::TunableType;

namespace {

enum { kCheck, kPerturb, kNns, kFree, kCount };

// A small table in the shape of this build's (glibc.malloc.check is
// SXID_ERASE in Debian's 2.36, perturb SXID_IGNORE); kFree stands for a
// NONE tunable, of which 2.36 has none.
struct Table {
  Tunable t[kCount] = {
      {"glibc.malloc.check", "MALLOC_CHECK_", TunableType::kInt32, TunableSecurity::kSxidErase, 0, 3, 0, nullptr, false},
      {"glibc.malloc.perturb", "MALLOC_PERTURB_", TunableType::kInt32, TunableSecurity::kSxidIgnore, 0, 255, 0, nullptr, false},
      {"glibc.rtld.nns", "", TunableType::kSizeT, TunableSecurity::kSxidErase, 1, 16, 4, nullptr, false},
      {"test.free", "TEST_FREE_", TunableType::kInt32, TunableSecurity::kNone, 0, 100, 0, nullptr, false},
  };
};

char* copy_entry(const char* entry) { return strdup(entry); }

// Runs init_tunables over a fresh copy of env (entries are cut in place).
void init(Table& tt, char** envp, bool secure, bool suid_debug = false) {
  ldr::glibc::init_tunables(tt.t, kCount, envp, secure, suid_debug, copy_entry);
}

}  // namespace

Test(glibc_tunables, secure_mode_keeps_only_tunables_that_are_not_sxid_erase) {
  Table tt;
  char entry[] = "GLIBC_TUNABLES=glibc.malloc.check=2:glibc.malloc.perturb=85:glibc.rtld.nns=3:"
                 "no.such=1::test.free=7:glibc.malloc.perturb";
  char* envp[] = {entry, nullptr};
  init(tt, envp, true);
  cr_expect_str_eq(envp[0], "GLIBC_TUNABLES=glibc.malloc.perturb=85:test.free=7");
  cr_expect_not(tt.t[kCheck].initialized, "SXID_ERASE is not applied");
  cr_expect_not(tt.t[kPerturb].initialized, "SXID_IGNORE is kept but not applied");
  cr_expect_eq(tt.t[kNns].num, 4, "nns keeps its default");
  cr_expect(tt.t[kFree].initialized, "NONE is applied");
  cr_expect_eq(tt.t[kFree].num, 7);
}

Test(glibc_tunables, secure_mode_leaves_an_empty_value_when_everything_is_erased) {
  Table tt;
  char entry[] = "GLIBC_TUNABLES=glibc.malloc.check=1:glibc.rtld.nns=2";
  char* envp[] = {entry, nullptr};
  init(tt, envp, true);
  cr_expect_str_eq(envp[0], "GLIBC_TUNABLES=");
  cr_expect_not(tt.t[kCheck].initialized);
  cr_expect_eq(tt.t[kNns].num, 4);
}

Test(glibc_tunables, normal_mode_applies_everything_and_keeps_the_string) {
  Table tt;
  char entry[] = "GLIBC_TUNABLES=glibc.malloc.check=2:glibc.malloc.perturb=85:glibc.rtld.nns=3";
  char* envp[] = {entry, nullptr};
  init(tt, envp, false);
  cr_expect_str_eq(envp[0], "GLIBC_TUNABLES=glibc.malloc.check=2:glibc.malloc.perturb=85:glibc.rtld.nns=3");
  cr_expect_neq(envp[0], entry, "the environment holds the copy, as glibc's tunables_strdup");
  cr_expect_eq(tt.t[kCheck].num, 2);
  cr_expect_eq(tt.t[kPerturb].num, 85);
  cr_expect_eq(tt.t[kNns].num, 3);
}

Test(glibc_tunables, secure_mode_erases_sxid_erase_aliases_and_ignores_sxid_ignore_ones) {
  Table tt;
  char a[] = "MALLOC_CHECK_=3", b[] = "HOME=/h", c[] = "MALLOC_PERTURB_=9", d[] = "MALLOC_CHECK_=1",
       e[] = "TEST_FREE_=5";
  char* envp[] = {a, b, c, d, e, nullptr};
  init(tt, envp, true);
  cr_expect_str_eq(envp[0], "HOME=/h");
  cr_expect_str_eq(envp[1], "MALLOC_PERTURB_=9");
  cr_expect_str_eq(envp[2], "TEST_FREE_=5");
  cr_expect_null(envp[3], "every MALLOC_CHECK_ is gone");
  cr_expect_not(tt.t[kCheck].initialized);
  cr_expect_not(tt.t[kPerturb].initialized);
  cr_expect_eq(tt.t[kFree].num, 5);
}

Test(glibc_tunables, suid_debug_lets_malloc_check_through_in_secure_mode) {
  Table tt;
  char entry[] = "GLIBC_TUNABLES=glibc.malloc.check=3:glibc.rtld.nns=2";
  char* envp[] = {entry, nullptr};
  init(tt, envp, true, /*suid_debug=*/true);
  cr_expect_str_eq(envp[0], "GLIBC_TUNABLES=glibc.malloc.check=3");
  cr_expect_eq(tt.t[kCheck].num, 3);
}

Test(glibc_tunables, the_variable_wins_over_an_alias_set_later) {
  Table tt;
  char entry[] = "GLIBC_TUNABLES=glibc.malloc.perturb=85";
  char alias[] = "MALLOC_PERTURB_=9";
  char* envp[] = {entry, alias, nullptr};
  init(tt, envp, false);
  cr_expect_eq(tt.t[kPerturb].num, 85);
}
