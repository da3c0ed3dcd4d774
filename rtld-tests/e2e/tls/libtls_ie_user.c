/* SPDX-License-Identifier: MIT
 * libtls_ie_user: initial-exec access to TLS another library defines.
 *   libtls_ie_user.so -> libtls_ie.so */
#include "e2e.h"

extern __thread int ie_var;
int *ie_user_addr(void) { return &ie_var; }
int ie_user_read(void) { return ie_var; }
