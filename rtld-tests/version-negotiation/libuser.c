/* SPDX-License-Identifier: MIT
 * libuser.so.1 requires libneg.so.1 3.5: when the program already loaded an
 * older libneg, that object is authoritative and the load fails. */
#include <ldr/version.h>

LDR_REQUIRE("libneg.so.1", 3, 5);
const char *neg_version(void);
const char *user_sees(void) { return neg_version(); }
