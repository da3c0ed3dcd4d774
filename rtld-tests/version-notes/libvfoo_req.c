/* SPDX-License-Identifier: MIT */
/* Fixture: requirements in a second translation unit of libvfoo. They merge
 * with libvfoo.c's: libbar.so.2 stays 2.1 (the maximum), libbaz.so.3 is 4
 * (any revision), libqux.so.1 stays weak only because every note is weak. */
#include <ldr/version.h>

LDR_REQUIRE("libbar.so.2", 1, 9);
LDR_REQUIRE("libbaz.so.3", 4, 0);
LDR_REQUIRE_FLAGS("libqux.so.1", 1, 2, LDR_REQUIRE_F_WEAK);
LDR_REQUIRE_FLAGS("libqux.so.1", 1, 1, LDR_REQUIRE_F_WEAK);

int vfoo_twice(int x) { return 2 * x; }

/* Unreferenced and not exported: gone when linked with --gc-sections, which
 * is how the tests see that garbage collection ran while the notes stayed. */
__attribute__((visibility("hidden"))) int vn_collected_garbage(void) { return 7; }
