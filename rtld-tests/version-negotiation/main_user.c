/* SPDX-License-Identifier: MIT
 * main_user: needs libneg.so.1 (no requirement; old/ comes first in its
 * RPATH) and libuser.so.1 (which requires libneg 3.5). */
#include "rt.h"

const char *neg_version(void);
const char *user_sees(void);

int main(void) {
  rt_puts(user_sees());
  return neg_version() != 0 ? 0 : 1;
}
