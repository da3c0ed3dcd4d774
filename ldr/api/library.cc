// SPDX-License-Identifier: MIT
// The ldr_* functions of <ldr/ldr.h>, exported under LDR_1 (exports.map):
// thin adapters over dl/ (dl_open_version, dl_close, dl_sym) and version/
// (the version note), the same negotiation DT_NEEDED gets. A handle is the
// object's link map, so glibc programs can pass it to dlsym. Failures go to
// ldr_error() and to the personality (glibc: dlerror()).
// The definitions are checked against the public declarations; here they
// are strong and exported, not weak.
#define LDR_PRIV_API __attribute__((visibility("default")))
#include "include/ldr/ldr.h"  // the source root is on the include path

#include "api/error.h"
#include "base/mem.h"
#include "dl/lock.h"
#include "dl/open.h"
#include "elf/note.h"
#include "module/module.h"
#include "personality/personality.h"
#include "runtime.h"
#include "version/require.h"

namespace ldr::api {

namespace {

constexpr int kOpenMode = kRtldNow;  // RTLD_NOW | RTLD_LOCAL

void fail(const Diag& d) {
  set_error(d);
  if (const Personality* p = runtime().personality) p->api_error(d);
}

// The open module behind a handle; nullptr (error recorded) otherwise.
Module* open_module(void* handle) {
  Module* m = handle != nullptr ? module_of_link_map(runtime(), handle) : nullptr;
  if (m == nullptr || (m->open_count == 0 && !m->is_executable())) {
    Diag d;
    d.fail("", nullptr, {"shared object not open"});
    fail(d);
    return nullptr;
  }
  return m;
}

}  // namespace

}  // namespace ldr::api

using ldr::Diag;
using ldr::LoaderLock;
using ldr::Module;

ldr_library* ldr_open_library(const char* name, unsigned version) {
  auto caller = reinterpret_cast<uintptr_t>(__builtin_return_address(0));
  Diag d;
  if (name == nullptr || name[0] == '\0') {
    d.fail("", nullptr, {"ldr_open_library: no library name given"});
    ldr::api::fail(d);
    return nullptr;
  }
  ldr::elf::LdrRequire need;
  need.soname = name;
  need.soname_len = ldr::base::str_len(name);
  need.version = version;  // revision 0: any revision of that version
  Module* m = ldr::dl_open_version(ldr::runtime(), d, name, ldr::api::kOpenMode, caller, &need);
  if (m == nullptr) {
    if (!d.failed) d.fail("", name, {"cannot open shared object"});
    ldr::api::fail(d);
    return nullptr;
  }
  return reinterpret_cast<ldr_library*>(m->link_map);
}

int ldr_close_library(ldr_library* library) {
  LoaderLock lock;
  Module* m = ldr::api::open_module(library);
  if (m == nullptr) return -1;
  Diag d;
  if (ldr::dl_close(ldr::runtime(), d, m) == 0) return 0;
  ldr::api::fail(d);
  return -1;
}

int ldr_library_version(ldr_library* library, unsigned* version, unsigned* revision) {
  LoaderLock lock;
  Module* m = ldr::api::open_module(library);
  if (m == nullptr) return -1;
  ldr::ProvidedVersion have = ldr::module_version(*m);
  if (!have.present) {
    Diag d;
    d.fail("", m->display_name(), {"no version note"});
    ldr::api::fail(d);
    return -1;
  }
  if (version != nullptr) *version = have.version;
  if (revision != nullptr) *revision = have.revision;
  return 0;
}

void* ldr_library_symbol(ldr_library* library, const char* name) {
  auto caller = reinterpret_cast<uintptr_t>(__builtin_return_address(0));
  LoaderLock lock;
  Module* m = ldr::api::open_module(library);
  if (m == nullptr) return nullptr;
  Diag d;
  void* p = ldr::dl_sym(ldr::runtime(), d, m, false, name, nullptr, caller);
  if (p == nullptr && d.failed) ldr::api::fail(d);
  return p;
}

const char* ldr_error() { return ldr::api::take_error(); }
