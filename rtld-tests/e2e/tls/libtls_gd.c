/* SPDX-License-Identifier: MIT
 * libtls_gd: general-dynamic (__tls_get_addr) access to its own exported,
 * static (local-dynamic) and 64-byte aligned TLS, and to another library's.
 *   main_tls_gd -> libtls_gd.so -> libtls_ie.so, ld-linux-x86-64.so.2 (ldr) */
#include "e2e.h"

__thread int gd_var = 21;
static __thread int gd_local = 22;
__thread long gd_aligned __attribute__((aligned(64))) = 23;
extern __thread int ie_var;

int *gd_var_addr(void) { return &gd_var; }
int *gd_local_addr(void) { return &gd_local; }
long *gd_aligned_addr(void) { return &gd_aligned; }
int *gd_ie_var_addr(void) { return &ie_var; }
int gd_local_bump(void) { return ++gd_local; }
