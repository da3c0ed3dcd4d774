/* SPDX-License-Identifier: MIT
 * main_neg: requires libneg.so.1 at REQ_V.REQ_R (0.0: no requirement) and
 * prints the version it got. RPATH lists plain/, old/, new/ in that order. */
#include <ldr/version.h>
#include "rt.h"

#if REQ_V || REQ_R
LDR_REQUIRE("libneg.so.1", REQ_V, REQ_R);
#endif
const char *neg_version(void);

int main(void) {
  rt_print("libneg ");
  rt_puts(neg_version());
  return 0;
}
