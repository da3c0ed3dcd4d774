/* SPDX-License-Identifier: MIT
 * nolibc-rt start code for executables: _start takes the initial stack and
 * the loader's finalizer routine (%rdx, psABI), runs main, then the
 * finalizers, then exits with main's status. RT_SKIP_FINALIZER=1 skips the
 * finalizers: tests set it for glibc's ld.so, whose _dl_fini (2.36) asserts
 * on programs without libc. */
#include "rt.h"

int main(int argc, char **argv, char **envp);

RT_HIDDEN __attribute__((noreturn, used)) void rt_start_c(unsigned long *sp, void (*fini)(void)) {
  rt_argc = (int)sp[0];
  rt_argv = (char **)(sp + 1);
  rt_envp = rt_argv + rt_argc + 1;
  char **e = rt_envp;
  while (*e) e++;
  rt_auxv = (unsigned long *)(e + 1);
  int status = main(rt_argc, rt_argv, rt_envp);
  const char *skip = rt_getenv("RT_SKIP_FINALIZER");
  if (fini && !(skip && rt_strcmp(skip, "1") == 0)) fini();
  rt_exit(status);
}

__asm__(
    ".text\n"
    ".globl _start\n"
    ".type _start, @function\n"
    "_start:\n"
    "  xorl %ebp, %ebp\n"
    "  movq %rsp, %rdi\n"
    "  movq %rdx, %rsi\n"
    "  andq $-16, %rsp\n"
    "  call rt_start_c\n"
    "  hlt\n");
