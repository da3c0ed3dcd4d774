/* SPDX-License-Identifier: MIT
 * e2e start code: samples/rt/start.c's _start, except that the loader's
 * finalizer is skipped when E2E_SKIP_FINALIZER=1.  run_case.py sets it for
 * glibc's ld.so, whose _dl_fini asserts on libc-free programs (2.36). */
#include "rt.h"

int main(int argc, char **argv, char **envp);

RT_HIDDEN __attribute__((noreturn, used)) void e2e_start_c(unsigned long *sp, void (*fini)(void)) {
  rt_argc = (int)sp[0];
  rt_argv = (char **)(sp + 1);
  rt_envp = rt_argv + rt_argc + 1;
  char **e = rt_envp;
  while (*e) e++;
  rt_auxv = (unsigned long *)(e + 1);
  int status = main(rt_argc, rt_argv, rt_envp);
  const char *skip = rt_getenv("E2E_SKIP_FINALIZER");
  if (fini && !(skip && rt_strcmp(skip, "1") == 0)) fini();
  rt_exit(status);
}

__asm__(".text\n.globl _start\n.type _start, @function\n_start:\n"
        "  xorl %ebp, %ebp\n  movq %rsp, %rdi\n  movq %rdx, %rsi\n"
        "  andq $-16, %rsp\n  call e2e_start_c\n  hlt\n");
