/* SPDX-License-Identifier: MIT
 * Linked with libm it never calls (and libc it does): ldd -u names libm. */
#include <stdio.h>

int main(void) { return puts("unused_dep") < 0; }
