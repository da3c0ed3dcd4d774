/* SPDX-License-Identifier: MIT
 * libexecstack: linked with -z execstack, so loading it makes every
 * thread's stack executable (glibc: _dl_make_stack_executable and
 * __nptl_change_stack_perm). */
int execstack_marker(void) { return 42; }
