/* SPDX-License-Identifier: MIT
 * main_auxv: its own _start keeps the loader's finalizer (%rdx), then it
 * prints argv and envp and checks the aux vector against itself:
 * AT_PHDR/AT_PHNUM are its headers, AT_ENTRY its _start, AT_BASE the base
 * of the loader image that holds the finalizer.
 *   main_auxv (PIE): no dependencies;  main_auxv_exec (ET_EXEC) -> libdep_basic.so */
#include "e2e.h"

typedef struct { unsigned char ident[16]; unsigned short type, machine; unsigned version;
                 unsigned long entry, phoff, shoff; unsigned flags; unsigned short ehsize,
                 phentsize, phnum, shentsize, shnum, shstrndx; } Ehdr;
typedef struct { unsigned type, flags; unsigned long offset, vaddr, paddr, filesz, memsz, align; } Phdr;

void _start(void);
static unsigned long loader_fini;

static unsigned long image_end(unsigned long base) {
  const Ehdr *eh = (const Ehdr *)base;
  const Phdr *ph = (const Phdr *)(base + eh->phoff);
  unsigned long end = 0;
  for (int i = 0; i < eh->phnum; i++)
    if (ph[i].type == 1 && ph[i].vaddr + ph[i].memsz > end) end = ph[i].vaddr + ph[i].memsz;
  return base + end;
}

static int main_auxv(int argc, char **argv, char **envp, unsigned long *auxv) {
  say_num("argc", argc);
  for (int i = 0; i < argc; i++) {
    rt_print("argv[");
    rt_print_dec(i);
    rt_print("]: ");
    rt_puts(argv[i]);
  }
  say_yes("argv[argc] is NULL", argv[argc] == 0);
  for (char **e = envp; *e; e++) say("envp", *e);
  unsigned long phdr = 0, phnum = 0, entry = 0, base = 0, pagesz = 0;
  const char *execfn = "(none)";
  for (unsigned long *a = auxv; a[0]; a += 2) {
    if (a[0] == 3) phdr = a[1];
    if (a[0] == 5) phnum = a[1];
    if (a[0] == 6) pagesz = a[1];
    if (a[0] == 7) base = a[1];
    if (a[0] == 9) entry = a[1];
    if (a[0] == 31) execfn = (const char *)a[1];
  }
  /* AT_PHDR/AT_PHNUM must describe a table whose PT_PHDR is the table itself
   * and whose executable PT_LOAD, at the bias that implies, holds _start.
   * (__ehdr_start is no witness: patchelf moves an ET_EXEC's headers.) */
  const Phdr *ph = (const Phdr *)phdr;
  unsigned long bias = 0, start = (unsigned long)&_start;
  int self = 0, holds_start = 0;
  for (unsigned long i = 0; ph && i < phnum; i++)
    if (ph[i].type == 6) {
      bias = phdr - ph[i].vaddr;
      self = ph[i].memsz == phnum * sizeof(Phdr);
    }
  for (unsigned long i = 0; self && i < phnum; i++)
    if (ph[i].type == 1 && (ph[i].flags & 1) && start - bias >= ph[i].vaddr &&
        start - bias < ph[i].vaddr + ph[i].memsz)
      holds_start = 1;
  say_yes("AT_PHDR/AT_PHNUM: a table whose PT_PHDR describes itself", self);
  say_yes("AT_PHDR: its executable PT_LOAD holds _start", holds_start);
  say_yes("AT_ENTRY is the program's _start", entry == (unsigned long)&_start);
  say_num("AT_PAGESZ", (long)pagesz);
  say("AT_EXECFN", execfn);
  say_yes("finalizer passed in %rdx", loader_fini != 0);
  if (base == 0) {
    say("AT_BASE", "0");
  } else {
    const Ehdr *eh = (const Ehdr *)base;
    int is_elf = eh->ident[0] == 0x7f && eh->ident[1] == 'E' && eh->type == 3;
    say_yes("AT_BASE is an ET_DYN ELF header", is_elf);
    say_yes("AT_BASE is the loader holding the finalizer",
            is_elf && loader_fini >= base && loader_fini < image_end(base));
  }
  return 0;
}

__attribute__((used)) static void start_c(unsigned long *sp, unsigned long fini) {
  loader_fini = fini;
  int argc = (int)sp[0];
  char **argv = (char **)(sp + 1);
  char **envp = argv + argc + 1;
  char **e = envp;
  while (*e) e++;
  rt_exit(main_auxv(argc, argv, envp, (unsigned long *)(e + 1)));
}

__asm__(".text\n.globl _start\n.type _start, @function\n_start:\n"
        "  xorl %ebp, %ebp\n  movq %rsp, %rdi\n  movq %rdx, %rsi\n"
        "  andq $-16, %rsp\n  call start_c\n  hlt\n");
