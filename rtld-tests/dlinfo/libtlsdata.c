// SPDX-License-Identifier: MIT
// One TLS variable, first in its block (dlinfo's RTLD_DI_TLS_DATA is its address).
__thread long tls_value = 7;
long* tls_address(void) { return &tls_value; }
