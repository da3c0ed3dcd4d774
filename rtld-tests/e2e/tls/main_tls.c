/* SPDX-License-Identifier: MIT
 * main_tls: initial-exec access from the program to two libraries' TLS,
 * checked against the libraries' own IE and TLSDESC accesses.
 *   main_tls -> libtls_ie.so, libtls_ie_user.so, libtls_desc.so
 *   libtls_ie_user.so, libtls_desc.so -> libtls_ie.so */
#include "e2e.h"

extern __thread int ie_var, desc_var;
extern __thread int ie_aligned;
extern __thread long desc_aligned;
int *ie_var_addr(void), *ie_aligned_addr(void), *ie_user_addr(void), ie_user_read(void);
int *desc_var_addr(void), *desc_local_addr(void), *desc_ie_var_addr(void), desc_local_bump(void);
long *desc_aligned_addr(void);

static int aligned64(const void *p) { return ((unsigned long)p & 63) == 0; }

int main(void) {
  say_num("ie_var", ie_var);
  say_num("desc_var", desc_var);
  say_num("desc_local (TLSDESC, local)", *desc_local_addr());
  say_yes("IE: program and libtls_ie agree on &ie_var", &ie_var == ie_var_addr());
  say_yes("IE: libtls_ie_user agrees on &ie_var", ie_user_addr() == &ie_var);
  say_yes("TLSDESC: libtls_desc agrees on &ie_var", desc_ie_var_addr() == &ie_var);
  say_yes("TLSDESC: program and libtls_desc agree on &desc_var", desc_var_addr() == &desc_var);
  ie_var = 111;
  say_num("libtls_ie_user reads ie_var after the program wrote 111", ie_user_read());
  say_num("desc_local after bump", desc_local_bump());
  say_num("ie_aligned", ie_aligned);
  say_num("desc_aligned", desc_aligned);
  say_yes("ie_aligned is 64-byte aligned", aligned64(&ie_aligned) && aligned64(ie_aligned_addr()));
  say_yes("desc_aligned is 64-byte aligned", aligned64(&desc_aligned) && desc_aligned_addr() == &desc_aligned);
  return 0;
}
