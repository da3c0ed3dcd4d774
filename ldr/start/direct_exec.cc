// SPDX-License-Identifier: MIT
// Stack and auxv rewriting for direct invocation (glibc 2.36
// _dl_start_args_adjust and the auxv fix-up in dl_main), and glibc's chain
// load of a program that is not dynamically linked.
#include "start/direct_exec.h"

#include "base/fmt.h"
#include "base/mem.h"
#include "base/sys.h"
#include "elf/types.h"
#include "runtime.h"

namespace ldr {

uintptr_t* drop_loader_arguments(Runtime& rt, uintptr_t* sp, int k) {
  StartupInfo& s = rt.startup;
  // Everything from argv[k] through auxv's AT_NULL pair moves down the
  // stack (to higher addresses) by an even number of words.
  uintptr_t* src = sp + 1 + k;
  uintptr_t* end = reinterpret_cast<uintptr_t*>(s.auxv);
  while (end[0] != elf::AT_NULL) end += 2;
  end += 2;
  int shift = k & ~1;
  uintptr_t* new_sp = sp + shift;
  uintptr_t* dst = new_sp + 1;
  size_t words = static_cast<size_t>(end - src);
  for (size_t i = 0; i < words; ++i) dst[i] = src[i];
  new_sp[0] = static_cast<uintptr_t>(s.argc - k);
  s.stack = new_sp;
  s.argc -= k;
  s.argv = reinterpret_cast<char**>(new_sp + 1);
  s.envp = s.argv + s.argc + 1;
  char** e = s.envp;
  while (*e != nullptr) ++e;
  s.auxv = reinterpret_cast<uint64_t*>(e + 1);
  return new_sp;
}

void rewrite_auxv(Runtime& rt, const Module& main, const char* execfn) {
  uintptr_t self_base = rt.self != nullptr ? rt.self->image.bias : 0;
  for (uint64_t* a = rt.startup.auxv; a[0] != elf::AT_NULL; a += 2) {
    switch (a[0]) {
      case elf::AT_PHDR: a[1] = reinterpret_cast<uintptr_t>(main.phdr); break;
      case elf::AT_PHNUM: a[1] = main.phnum; break;
      case elf::AT_ENTRY: a[1] = main.entry; break;
      case elf::AT_EXECFN: a[1] = reinterpret_cast<uintptr_t>(execfn); break;
      case elf::AT_BASE: a[1] = self_base; break;
      default: break;
    }
  }
  rt.startup.at_phdr = reinterpret_cast<uintptr_t>(main.phdr);
  rt.startup.at_phnum = main.phnum;
  rt.startup.at_entry = main.entry;
  rt.startup.at_execfn = execfn;
  rt.startup.at_base = self_base;
}

namespace {

// strerrorname_np for what execve reports, else the number (as glibc).
void errno_name(base::FdWriter& w, long err) {
  static constexpr struct {
    long number;
    const char* name;
  } kNames[] = {{1, "EPERM"},   {2, "ENOENT"},  {5, "EIO"},      {7, "E2BIG"},         {8, "ENOEXEC"},
                {12, "ENOMEM"}, {13, "EACCES"}, {14, "EFAULT"},  {20, "ENOTDIR"},      {21, "EISDIR"},
                {22, "EINVAL"}, {26, "ETXTBSY"}, {36, "ENAMETOOLONG"}, {40, "ELOOP"}};
  for (const auto& n : kNames)
    if (n.number == err) {
      w.str(n.name);
      return;
    }
  w.dec(static_cast<uint64_t>(err));
}

}  // namespace

void chain_load_if_not_dynamic(Runtime& rt, const Module& main, const char* path, bool has_interp) {
  const char* own = rt.self->soname() != nullptr ? rt.self->soname() : "ldr";
  if (main.soname() != nullptr && base::str_eq(main.soname(), own)) {
    base::FdWriter(2).str(own).str(": loader cannot load itself\n");
    base::sys_exit_group(127);
  }
  if (main.dyn.needed_count != 0 || has_interp) return;
  long r = base::sys_execve(path, rt.startup.argv, rt.startup.envp);
  {
    base::FdWriter w(2);
    w.str(own).str(": cannot execute ").str(path).str(": ");
    errno_name(w, -r);
    w.nl();
  }
  base::sys_exit_group(127);
}

}  // namespace ldr
