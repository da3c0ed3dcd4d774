/* SPDX-License-Identifier: MIT
 * libtls_ie: TLS defined in a library, compiled initial-exec (TPOFF64
 * against its own symbols, DF_STATIC_TLS).
 *   main_tls, main_tls_gd, libtls_ie_user.so, libtls_gd.so, libtls_desc.so -> libtls_ie.so */
#include "e2e.h"

__thread int ie_var = 11;
__thread int ie_aligned __attribute__((aligned(64))) = 13;

int *ie_var_addr(void) { return &ie_var; }
int *ie_aligned_addr(void) { return &ie_aligned; }
