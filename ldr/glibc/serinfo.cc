// SPDX-License-Identifier: MIT
// _dl_rtld_di_serinfo: dlinfo's RTLD_DI_SERINFOSIZE and RTLD_DI_SERINFO, the
// directories a search for an object's dependencies walks, in glibc's
// Dl_serinfo (dlfcn.h): a count and size pass, then a fill of the caller's
// buffer of that size. Directories come from search/ (for_each_search_dir);
// every dls_flags is 0, as glibc 2.36 leaves it.
#include <cstddef>
#include <cstdint>

#include "base/mem.h"
#include "dl/lock.h"
#include "dl/open.h"
#include "runtime.h"
#include "search/search.h"

namespace {

struct SerPath {  // Dl_serpath
  char* name;
  unsigned int flags;
};

struct SerInfo {  // Dl_serinfo
  size_t size;
  unsigned int count;
  SerPath paths[1];  // count of them, then their strings
};
static_assert(offsetof(SerInfo, paths) == 16 && sizeof(SerPath) == 16);

struct Fill {
  SerInfo* si;
  bool counting;
  unsigned int index;
  char* strings;  // the fill pass: where the next name goes
};

void add(void* ctx, const char* dir) {
  auto& f = *static_cast<Fill*>(ctx);
  size_t len = ldr::base::str_len(dir);
  if (f.counting) {
    ++f.si->count;
    f.si->size += len + 1 < 2 ? 2 : len + 1;  // glibc: MAX (2, the name with its slash)
    return;
  }
  f.si->paths[f.index].name = f.strings;
  f.si->paths[f.index].flags = 0;
  ++f.index;
  ldr::base::copy_bytes(f.strings, dir, len + 1);
  f.strings += len + 1;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) void _dl_rtld_di_serinfo(void* loader, void* info,
                                                                             bool counting) {
  ldr::LoaderLock lock;
  ldr::Runtime& rt = ldr::runtime();
  auto* si = static_cast<SerInfo*>(info);
  if (counting) {
    si->count = 0;
    si->size = 0;
  }
  Fill f{si, counting, 0, reinterpret_cast<char*>(&si->paths[si->count])};
  const ldr::Module* m = ldr::module_of_link_map(rt, loader);
  if (m != nullptr) ldr::for_each_search_dir(rt, m, add, &f);
  if (counting) si->size += offsetof(SerInfo, paths) + sizeof(SerPath) * si->count;
}
