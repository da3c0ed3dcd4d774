/* SPDX-License-Identifier: MIT
 * Libraries that need themselves or each other (valid for glibc): libself.so.1
 * (-DSELF), libcyca.so.1 (-DCYC_A), libcycb.so.1 (-DCYC_B). The stubs (-DSELF,
 * -DCYC_B_STUB) only give the linker the soname to record in DT_NEEDED. */
#include "rt.h"

#if defined(SELF)
int self_value(void) { return 11; }
#elif defined(CYC_A)
int cycb_value(void);
int cyca_value(void) { return 20; }
int cyca_sum(void) { return cyca_value() + cycb_value(); }
#elif defined(CYC_B_STUB)
int cycb_value(void) { return 0; }
#elif defined(CYC_B)
int cyca_value(void);
int cycb_value(void) { return 22; }
int cycb_sum(void) { return cycb_value() + cyca_value(); }
#endif
