// SPDX-License-Identifier: MIT
// ldr-cache's file-name rules: glibc's _dl_cache_libcmp order and the
// ldconfig name filter, table-driven with the expected sign beside each pair.
#include <criterion/criterion.h>

#include "names.h"

using ldr_cache::is_library_name;
using ldr_cache::libcmp;

namespace {

int sign(int v) { return (v > 0) - (v < 0); }

}  // namespace

Test(cache_names, libcmp_compares_digit_runs_numerically) {
  struct Case {
    const char* a;
    const char* b;
    int want;
  };
  const Case cases[] = {
      {"libfoo.so.10", "libfoo.so.9", 1},    // 10 > 9, not '1' < '9'
      {"libfoo.so.1.2.10", "libfoo.so.1.2.3", 1},
      {"libfoo.so.1", "libfoo.so.1", 0},
      {"libfoo.so.1", "libfoo.so.1.0", -1},  // the shorter name is older
      {"libfoo.so.01", "libfoo.so.1", 0},    // numerically equal
      {"libfoo.so.1", "libfoo.so.a", 1},     // a digit sorts after a non-digit
      {"liba.so", "libb.so", -1},
      {"libz3.so.4", "libzstd.so.1", 1},     // a digit ('3') sorts after a letter ('s')
  };
  for (const Case& c : cases) {
    cr_assert_eq(sign(libcmp(c.a, c.b)), c.want, "%s vs %s", c.a, c.b);
    cr_assert_eq(sign(libcmp(c.b, c.a)), -c.want, "%s vs %s (swapped)", c.b, c.a);
  }
}

Test(cache_names, filter_takes_ldconfigs_names_only) {
  struct Case {
    const char* name;
    bool want;
  };
  const Case cases[] = {
      {"libc.so.6", true},         {"ld-linux-x86-64.so.2", true}, {"libfoo.so", true},
      {"libfoo.so.1.2.3", true},   {"libfoo.a", false},            {"foo.so.1", false},
      {"libfoo.so.1.dpkg.tmp", false}, {"libfoo.so.1.dpkg.new", false}, {"libfoo;5d1c.so.1", false},
      {"libfoo.so.1.dpkg-new", true}, {"lib", false},              {"ldconfig", false},
  };
  for (const Case& c : cases) cr_assert_eq(is_library_name(c.name), c.want, "%s", c.name);
}
