// SPDX-License-Identifier: MIT
// The version-name table behind version_id: names by id - 1, with their
// ELF hashes to skip most string compares. Grows only; runs under the loader
// lock (relocation, dlopen, dlsym).
#include "symbol/version_id.h"

#include "base/mem.h"
#include "module/module.h"

namespace ldr {

namespace {

struct Names {
  const char* names[kMaxVersionIds] = {};
  uint32_t hashes[kMaxVersionIds] = {};
  uint32_t count = 0;
};
Names g_names;

}  // namespace

uint32_t version_id(const VersionEntry& v) {
  if (v.name_id != 0) return v.name_id;
  Names& t = g_names;
  for (uint32_t i = 0; i < t.count; ++i) {
    if (t.hashes[i] == v.hash && base::str_eq(t.names[i], v.name)) {
      v.name_id = static_cast<uint16_t>(i + 1);
      return v.name_id;
    }
  }
  if (t.count == kMaxVersionIds) return 0;
  t.names[t.count] = v.name;
  t.hashes[t.count] = v.hash;
  v.name_id = static_cast<uint16_t>(++t.count);
  return v.name_id;
}

}  // namespace ldr
