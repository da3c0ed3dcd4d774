/* SPDX-License-Identifier: MIT
 * libforktls: dynamic TLS for fork_threads (opened with dlopen). */
__thread int forktls_value = 7;

int forktls_bump(void) { return ++forktls_value; }
