/* SPDX-License-Identifier: MIT
 * libtlsdbg: opened by threads_tls; a dynamic TLS variable and a function
 * for gdb to stop in. */
__thread int lib_tv = -1;

void lib_set(int v) { lib_tv = v; }

__attribute__((noinline)) void lib_stop(void) { __asm__ volatile("" ::: "memory"); }
