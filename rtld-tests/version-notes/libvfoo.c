/* SPDX-License-Identifier: MIT */
/* Fixture libvfoo.so.1 (C): version 3.7 with an id string and a requirement;
 * libvfoo_req.c adds more requirements from a second translation unit. */
#include <ldr/version.h>

LDR_LIBRARY_VERSION(3, 7);
LDR_LIBRARY_IDSTRING("libvfoo.so.1 3.7 (26.11.2026)");
LDR_REQUIRE("libbar.so.2", 2, 1);

int vfoo_answer(void) { return 42; }
