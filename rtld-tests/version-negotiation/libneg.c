/* SPDX-License-Identifier: MIT
 * libneg.so.1, built three times: version 2.1 (old/), 3.7 (new/) and without
 * a version note (plain/), -DVERSION/-DREVISION choose. */
#include <ldr/version.h>

#ifdef VERSION
LDR_LIBRARY_VERSION(VERSION, REVISION);
#define STR2(x) #x
#define STR(x) STR2(x)
const char *neg_version(void) { return STR(VERSION) "." STR(REVISION); }
#else
const char *neg_version(void) { return "unversioned"; }
#endif
