/* SPDX-License-Identifier: MIT
 * libcorp.so.1: the good library the corpus mutates. It has versioned
 * definitions (CORP_1.0, CORP_2.0), a versioned need (BASE_1.0), RELATIVE,
 * symbolic, GLOB_DAT and JUMP_SLOT relocations, and initial-exec TLS. */
#include "rt.h"

int base_value(void);

__thread int corp_tls = 5;
int corp_counter = 30;
int *corp_ptr = &corp_counter;                      /* R_X86_64_64 */
static const char *corp_names[] = {"zero", "one"};  /* R_X86_64_RELATIVE */

int corp_get(void) { return *corp_ptr + corp_tls; }

/* corp_get and base_value go through the PLT. */
int corp_value(int i) {
  corp_tls++;
  return corp_get() + base_value() + (int)rt_strlen(corp_names[i & 1]);
}
