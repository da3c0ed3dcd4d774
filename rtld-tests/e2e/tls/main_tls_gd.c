/* SPDX-License-Identifier: MIT
 * main_tls_gd: general-dynamic TLS (__tls_get_addr from the loader) in
 * libtls_gd, checked against the program's initial-exec view.
 *   main_tls_gd -> libtls_ie.so, libtls_gd.so -> libtls_ie.so, ld-linux-x86-64.so.2 */
#include "e2e.h"

extern __thread int ie_var, gd_var;
extern __thread long gd_aligned;
int *gd_var_addr(void), *gd_local_addr(void), *gd_ie_var_addr(void), gd_local_bump(void);
long *gd_aligned_addr(void);

int main(void) {
  say_num("gd_var", gd_var);
  say_num("gd_local (local-dynamic)", *gd_local_addr());
  say_yes("GD: program and libtls_gd agree on &gd_var", gd_var_addr() == &gd_var);
  say_yes("GD: libtls_gd agrees on libtls_ie's &ie_var", gd_ie_var_addr() == &ie_var);
  gd_var = 121;
  say_num("libtls_gd reads gd_var after the program wrote 121", *gd_var_addr());
  say_num("gd_local after bump", gd_local_bump());
  say_num("gd_aligned", gd_aligned);
  say_yes("gd_aligned is 64-byte aligned",
          ((unsigned long)&gd_aligned & 63) == 0 && gd_aligned_addr() == &gd_aligned);
  return 0;
}
