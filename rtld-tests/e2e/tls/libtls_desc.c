/* SPDX-License-Identifier: MIT
 * libtls_desc: TLS accesses through descriptors (-mtls-dialect=gnu2,
 * R_X86_64_TLSDESC) to its own exported, static and 64-byte aligned TLS and
 * to another library's.  No __tls_get_addr, so no DT_NEEDED on the loader.
 *   libtls_desc.so -> libtls_ie.so */
#include "e2e.h"

__thread int desc_var = 31;
static __thread int desc_local = 32;
__thread long desc_aligned __attribute__((aligned(64))) = 33;
extern __thread int ie_var;

int *desc_var_addr(void) { return &desc_var; }
int *desc_local_addr(void) { return &desc_local; }
long *desc_aligned_addr(void) { return &desc_aligned; }
int *desc_ie_var_addr(void) { return &ie_var; }
int desc_local_bump(void) { return ++desc_local; }
