/* SPDX-License-Identifier: MIT */
/* The "time to main" probe, preloaded into the measured program under either
   loader: it interposes __libc_start_main and hands libc a main that exits at
   once, so a run ends where the program's main would start (every library
   and executable initializer has run). Must not do anything else: the
   benchmark charges its cost to both loaders alike. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <unistd.h>

typedef int (*main_fn)(int, char **, char **);
typedef int (*start_fn)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *);

static int exit_at_main(int argc, char **argv, char **envp) {
  (void)argc, (void)argv, (void)envp;
  _exit(0);
}

int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end) {
  (void)main;
  start_fn real = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");
  return real(exit_at_main, argc, argv, init, fini, rtld_fini, stack_end);
}
