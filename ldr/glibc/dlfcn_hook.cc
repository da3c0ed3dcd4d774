// SPDX-License-Identifier: MIT
// The 13 dlfcn hook entries, adapting libc's calls to ldr's dl/ core: handles
// are glibc link maps, errors become dlerror strings, kept per thread (keyed
// by the thread pointer, since ldr has no TLS of its own).
#include "glibc/dlfcn_hook.h"

#include "arch/x86_64/machine.h"
#include "base/fmt.h"
#include "base/mem.h"
#include "base/spin_lock.h"
#include "diag/diag.h"
#include "dl/open.h"
#include "elf/types.h"
#include "glibc/layout.h"
#include "module/module.h"
#include "runtime.h"
#include "search/search.h"
#include "tls/dynamic.h"

extern "C" void _dl_rtld_di_serinfo(void* loader, void* si, bool counting);  // glibc/exports.cc

namespace ldr::glibc {

namespace {

// One thread's last error, in dlerror's shape "OBJECT: MESSAGE".
struct ErrorSlot {
  uintptr_t thread;  // thread pointer of the owner, 0 for a free slot
  bool pending;
  char text[1200];
};

constexpr uint32_t kErrorSlots = 64;
ErrorSlot* g_slots[kErrorSlots];  // open addressing on the thread pointer
int g_slots_lock = 0;

// The slot of the thread at tp, created on first use (nullptr only if out of
// memory or every slot is taken; then errors are dropped rather than mixed up).
ErrorSlot* slot_for(uintptr_t tp, bool create) {
  uint32_t start = static_cast<uint32_t>((tp >> 12) % kErrorSlots);
  base::SpinGuard guard(&g_slots_lock);
  ErrorSlot* found = nullptr;
  for (uint32_t i = 0; i < kErrorSlots && found == nullptr; ++i) {
    ErrorSlot*& s = g_slots[(start + i) % kErrorSlots];
    if (s != nullptr && s->thread == tp) found = s;
    else if (s == nullptr && create) {
      s = static_cast<ErrorSlot*>(runtime().arena.allocate(sizeof(ErrorSlot), 16));
      if (s != nullptr) s->thread = tp;
      found = s;
    }
    if (s == nullptr) break;  // the probe sequence ends at an empty slot
  }
  return found;
}

ErrorSlot* my_slot(bool create) { return slot_for(arch::thread_pointer(), create); }

void record(const Diag& d) {
  ErrorSlot* slot = my_slot(true);
  if (slot == nullptr) return;
  format_for_dlerror(d, slot->text, sizeof slot->text);
  slot->pending = true;
}

// Dl_info (public <dlfcn.h>).
struct DlInfo {
  const char* dli_fname;
  void* dli_fbase;
  const char* dli_sname;
  void* dli_saddr;
};

constexpr int kRtldDlSyment = 1, kRtldDlLinkmap = 2;
constexpr int kDiLmid = 1, kDiLinkmap = 2, kDiSerinfo = 4, kDiSerinfoSize = 5, kDiOrigin = 6,
              kDiTlsModid = 9, kDiTlsData = 10, kDiPhdr = 11;

Module* module_of(void* handle) { return module_of_link_map(runtime(), handle); }

void* hook_dlopen(const char* file, int mode, void* caller) {
  Diag d;
  Module* m = dl_open(runtime(), d, file, mode, reinterpret_cast<uintptr_t>(caller));
  if (m == nullptr) {
    if (d.failed) record(d);
    return nullptr;
  }
  return m->link_map;
}

int hook_dlclose(void* handle) {
  Diag d;
  int r = dl_close(runtime(), d, module_of(handle));
  if (r != 0) record(d);
  return r;
}

void* lookup(void* handle, const char* name, const char* version, void* caller) {
  Diag d;
  auto h = reinterpret_cast<intptr_t>(handle);
  bool next = h == -1;  // RTLD_NEXT
  Module* m = (h == 0 || next) ? nullptr : module_of(handle);
  if (h != 0 && !next && m == nullptr) {
    d.fail("", nullptr, {"invalid handle"});
    record(d);
    return nullptr;
  }
  void* r = dl_sym(runtime(), d, m, next, name, version, reinterpret_cast<uintptr_t>(caller));
  if (r == nullptr && d.failed) record(d);
  return r;
}

void* hook_dlsym(void* handle, const char* name, void* caller) {
  return lookup(handle, name, nullptr, caller);
}

void* hook_dlvsym(void* handle, const char* name, const char* version, void* caller) {
  return lookup(handle, name, version, caller);
}

char* hook_dlerror() {
  ErrorSlot* slot = my_slot(false);
  if (slot == nullptr || !slot->pending) return nullptr;
  slot->pending = false;
  return slot->text;
}

// The nearest defined symbol at or below addr in m (glibc _dl_addr's rule),
// passing over one whose name is out of range (decoding leaves st_name
// unchecked: elf/dynamic.h).
const elf::Elf64_Sym* nearest_symbol(const Module& m, uintptr_t addr) {
  const elf::Elf64_Sym* best = nullptr;
  for (uint32_t i = 0; i < m.dyn.sym_count; ++i) {
    const elf::Elf64_Sym* s = &m.dyn.symtab[i];
    unsigned char type = elf::ELF64_ST_TYPE(s->st_info);
    if (s->st_shndx == elf::SHN_UNDEF || s->st_value == 0 || type == elf::STT_TLS ||
        type == elf::STT_SECTION || type == elf::STT_FILE || m.dyn.name_of(*s) == nullptr)
      continue;
    uintptr_t v = m.image.bias + s->st_value;
    bool inside = addr >= v && (s->st_size == 0 ? addr == v : addr < v + s->st_size);
    if (inside && (best == nullptr || best->st_value < s->st_value)) best = s;
  }
  return best;
}

int hook_dladdr1(const void* address, DlInfo* info, void** extra, int flags) {
  Runtime& rt = runtime();
  Module* m = module_containing(rt, reinterpret_cast<uintptr_t>(address));
  if (m == nullptr) return 0;
  info->dli_fname = m->is_executable() ? rt.startup.argv[0] : (m->path != nullptr ? m->path : m->name);
  info->dli_fbase = reinterpret_cast<void*>(m->image.bias + m->image.lo);
  const elf::Elf64_Sym* s = nearest_symbol(*m, reinterpret_cast<uintptr_t>(address));
  info->dli_sname = s != nullptr ? m->dyn.strtab + s->st_name : nullptr;
  info->dli_saddr = s != nullptr ? reinterpret_cast<void*>(m->image.bias + s->st_value) : nullptr;
  if (extra != nullptr) {
    if (flags == kRtldDlLinkmap) *extra = m->link_map;
    else if (flags == kRtldDlSyment) *extra = const_cast<elf::Elf64_Sym*>(s);
  }
  return 1;
}

int hook_dladdr(const void* address, DlInfo* info) { return hook_dladdr1(address, info, nullptr, 0); }

int hook_dlinfo(void* handle, int request, void* arg) {
  Diag d;
  Module* m = module_of(handle);
  if (m == nullptr) {
    d.fail("", nullptr, {"invalid handle"});
    record(d);
    return -1;
  }
  switch (request) {
    case kDiLmid: *static_cast<long*>(arg) = m->ns; return 0;
    case kDiLinkmap: *static_cast<void**>(arg) = m->link_map; return 0;
    case kDiSerinfo:
    case kDiSerinfoSize:
      _dl_rtld_di_serinfo(m->link_map, arg, request == kDiSerinfoSize);
      return 0;
    case kDiOrigin: {
      const char* o = module_origin(runtime(), m);
      base::copy_bytes(arg, o != nullptr ? o : "", o != nullptr ? base::str_len(o) + 1 : 1);
      return 0;
    }
    case kDiTlsModid: *static_cast<uint64_t*>(arg) = m->tls.module_id; return 0;
    case kDiTlsData: *static_cast<void**>(arg) = tls::block_if_allocated(runtime(), *m); return 0;
    case kDiPhdr: *static_cast<const void**>(arg) = m->phdr; return m->phnum;
    default:
      d.fail("", nullptr, {"unsupported dlinfo request"});
      record(d);
      return -1;
  }
}

// dlmopen: LM_ID_BASE (0) is the program's namespace, LM_ID_NEWLM (-1) a
// new one, glibc's internal __LM_ID_CALLER (-2) the caller's, a positive id
// a namespace in use (dl/open.h). The checks glibc's dlmopen_doit makes
// first keep their wording; dl_open_version makes _dl_open's.
void* hook_dlmopen(long nsid, const char* file, int mode, void* caller) {
  constexpr int kEinval = 22;
  Diag d;
  if (nsid != 0 && file == nullptr) d.fail("", "", {"invalid namespace"}, kEinval);
  else if (nsid != 0 && (mode & kRtldGlobal) != 0) d.fail("", "", {"invalid mode"}, kEinval);
  if (d.failed) {
    record(d);
    return nullptr;
  }
  Module* m = dl_open_version(runtime(), d, file, mode, reinterpret_cast<uintptr_t>(caller), nullptr, nsid);
  if (m == nullptr) {
    if (d.failed) record(d);
    return nullptr;
  }
  return m->link_map;
}

// libc's internal users (NSS, iconv, libgcc_s for unwinding and cancellation).
// The caller is the libc that asks (glibc's __libc_dlopen_mode passes its
// own return address): the object loads into that libc's namespace, and
// LD_DEBUG names libc as what loaded it, as glibc's.
[[gnu::noinline]] void* hook_libc_dlopen_mode(const char* name, int mode) {
  Diag d;
  auto caller = reinterpret_cast<uintptr_t>(__builtin_return_address(0));
  Module* m = dl_open(runtime(), d, name, mode & 0xffff, caller);
  return m != nullptr ? m->link_map : nullptr;
}

void* hook_libc_dlsym(void* map, const char* name) {
  Diag d;
  Module* m = module_of(map);
  return m != nullptr ? dl_sym(runtime(), d, m, false, name, nullptr, 0) : nullptr;
}

void* hook_libc_dlvsym(void* map, const char* name, const char* version) {
  Diag d;
  Module* m = module_of(map);
  return m != nullptr ? dl_sym(runtime(), d, m, false, name, version, 0) : nullptr;
}

int hook_libc_dlclose(void* map) {
  Diag d;
  return dl_close(runtime(), d, module_of(map));
}

// struct dlfcn_hook, in glibc's member order (include/dlfcn.h).
struct DlfcnHook {
  void* (*dlopen)(const char*, int, void*);
  int (*dlclose)(void*);
  void* (*dlsym)(void*, const char*, void*);
  void* (*dlvsym)(void*, const char*, const char*, void*);
  char* (*dlerror)();
  int (*dladdr)(const void*, DlInfo*);
  int (*dladdr1)(const void*, DlInfo*, void**, int);
  int (*dlinfo)(void*, int, void*);
  void* (*dlmopen)(long, const char*, int, void*);
  void* (*libc_dlopen_mode)(const char*, int);
  void* (*libc_dlsym)(void*, const char*);
  void* (*libc_dlvsym)(void*, const char*, const char*);
  int (*libc_dlclose)(void*);
};

const DlfcnHook kHook = {hook_dlopen,  hook_dlclose, hook_dlsym,  hook_dlvsym,
                         hook_dlerror, hook_dladdr,  hook_dladdr1, hook_dlinfo,
                         hook_dlmopen, hook_libc_dlopen_mode, hook_libc_dlsym,
                         hook_libc_dlvsym, hook_libc_dlclose};

}  // namespace

void forget_dlerror(uintptr_t thread) {
  if (ErrorSlot* s = slot_for(thread, false)) s->pending = false;
}

const void* dlfcn_hook_table() { return &kHook; }

void record_dlerror(const Diag& d) { record(d); }

}  // namespace ldr::glibc
