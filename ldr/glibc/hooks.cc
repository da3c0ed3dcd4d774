// SPDX-License-Identifier: MIT
// Entry points libc reaches through _rtld_global_ro. The dlfcn hook table
// (glibc/dlfcn_hook.cc) carries dlopen, dlsym, dladdr, dlinfo, dlclose and
// libc's internal __libc_dlopen_mode & co. to dl/; glibc 2.36's libc asks the
// hook first whenever it is set, so _dl_open and _dl_lookup_symbol_x here are
// never reached and only fail cleanly (no crash) if something calls them.
#include "glibc/hooks.h"

#include <cstdarg>

#include "base/fmt.h"
#include "base/printf.h"
#include "diag/trace.h"
#include "dl/open.h"
#include "elf/types.h"
#include "glibc/dlfcn_hook.h"
#include "glibc/layout.h"
#include "glibc/libc_malloc.h"
#include "module/module.h"
#include "runtime.h"
#include "tls/dynamic.h"

extern "C" {
[[noreturn]] void _dl_signal_error(int errcode, const char* objname, const char* occasion,
                                   const char* errstring);
int _dl_catch_error(const char** objname, const char** errstring, bool* mallocedp,
                    void (*operate)(void*), void* args);
}

namespace ldr::glibc {

namespace {

// struct dl_find_object (public <dlfcn.h>, x86-64 variant).
struct DlFindObject {
  unsigned long long dlfo_flags;
  void* dlfo_map_start;
  void* dlfo_map_end;
  void* dlfo_link_map;
  void* dlfo_eh_frame;
  unsigned long long reserved[7];
};

// _dl_debug_printf: every line of the output gets the PID prefix, as in
// glibc's _dl_debug_vdprintf (libc prints "initialize program:" with it).
void debug_printf(const char* fmt, ...) {
  char text[1024];
  {
    base::Writer w(text, sizeof text);
    va_list ap;
    va_start(ap, fmt);
    base::vformat(w, fmt, ap);
    va_end(ap);
  }
  base::FdWriter out(diag::g_trace.fd);
  bool at_line_start = true;
  for (const char* p = text; *p != '\0'; ++p) {
    if (at_line_start) out.rjust(diag::g_trace.pid, 10).str(":\t");
    out.ch(*p);
    at_line_start = *p == '\n';
  }
}

void* lookup_symbol_x(const char*, void*, const void** sym, void*, const void*, int, int, void*) {
  if (sym != nullptr) *sym = nullptr;
  return nullptr;
}

void* dl_open(const char* file, int, const void*, long, int, char**, char**) {
  _dl_signal_error(0, file, nullptr, "_dl_open is not used by ldr (the dlfcn hook serves dlopen)");
}

void dl_close(void*) {}

void error_free(void* p) {
  if (p != nullptr && g_libc_allocator.free != nullptr) g_libc_allocator.free(p);
}

// This thread's TLS block of a module, or NULL when not allocated (yet):
// dl_iterate_phdr's dlpi_tls_data (the module by its id, no list walk).
void* tls_get_addr_soft(void* map) {
  uint64_t modid = get<uint64_t>(map, L::link_map::l_tls_modid);
  const Module* m = modid != 0 ? tls::module_of_id(runtime(), modid) : nullptr;
  return m != nullptr ? tls::block_if_allocated(runtime(), *m) : nullptr;
}

void libc_freeres() {}

int find_object(void* pc, DlFindObject* out) {
  const Module* m = module_containing(runtime(), reinterpret_cast<uintptr_t>(pc));
  if (m == nullptr) return -1;
  out->dlfo_flags = 0;
  out->dlfo_map_start = reinterpret_cast<void*>(m->image.bias + m->image.lo);
  out->dlfo_map_end = reinterpret_cast<void*>(m->image.bias + m->image.hi);
  out->dlfo_link_map = m->link_map;
  out->dlfo_eh_frame = nullptr;
  for (uint16_t i = 0; i < m->phnum; ++i)
    if (m->phdr[i].p_type == elf::PT_GNU_EH_FRAME)
      out->dlfo_eh_frame = reinterpret_cast<void*>(m->image.bias + m->phdr[i].p_vaddr);
  return 0;
}

}  // namespace

void install_function_pointers(void* ro) {
  namespace R = L::rtld_global_ro;
  put<const void*>(ro, R::_dl_debug_printf, reinterpret_cast<const void*>(&debug_printf));
  put<const void*>(ro, R::_dl_lookup_symbol_x, reinterpret_cast<const void*>(&lookup_symbol_x));
  put<const void*>(ro, R::_dl_open, reinterpret_cast<const void*>(&dl_open));
  put<const void*>(ro, R::_dl_close, reinterpret_cast<const void*>(&dl_close));
  put<const void*>(ro, R::_dl_catch_error, reinterpret_cast<const void*>(&_dl_catch_error));
  put<const void*>(ro, R::_dl_error_free, reinterpret_cast<const void*>(&error_free));
  put<const void*>(ro, R::_dl_tls_get_addr_soft, reinterpret_cast<const void*>(&tls_get_addr_soft));
  put<const void*>(ro, R::_dl_libc_freeres, reinterpret_cast<const void*>(&libc_freeres));
  put<const void*>(ro, R::_dl_find_object, reinterpret_cast<const void*>(&find_object));
  put<const void*>(ro, R::_dl_dlfcn_hook, dlfcn_hook_table());
}

}  // namespace ldr::glibc

extern "C" __attribute__((visibility("default"))) void* _dl_find_dso_for_object(uintptr_t addr) {
  const ldr::Module* m = ldr::module_containing(ldr::runtime(), addr);
  return m != nullptr ? m->link_map : nullptr;
}
