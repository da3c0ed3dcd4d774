/* SPDX-License-Identifier: MIT
 * main_neg: requires libneg.so.1 at REQ_V.REQ_R (0.0: no requirement) and
 * prints the version it got. RPATH lists plain/, old/, new/ in that order.
 * REQ_FLAGS: LDR_REQUIRE_F_WEAK for a requirement that only warns. */
#include <ldr/version.h>
#include "rt.h"

#ifndef REQ_FLAGS
#define REQ_FLAGS 0u
#endif
#if REQ_V || REQ_R
LDR_REQUIRE_FLAGS("libneg.so.1", REQ_V, REQ_R, REQ_FLAGS);
#endif
const char *neg_version(void);

int main(void) {
  rt_print("libneg ");
  rt_puts(neg_version());
  return 0;
}
