/* SPDX-License-Identifier: MIT */
/* Fixture program: requirements only, no version of its own. */
#include <ldr/version.h>

LDR_REQUIRE("libvfoo.so.1", 3, 5);
LDR_REQUIRE("libvcxx.so.1", 1, 4);

/* Unreferenced: removed by --gc-sections, while the notes stay. */
int vn_collected_garbage(void) { return 7; }

int main(void) { return 0; }
