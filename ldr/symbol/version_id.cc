// SPDX-License-Identifier: MIT
// The version-name table behind version_id: names by id - 1, with their
// ELF hashes to skip most string compares. Grows only; runs under the loader
// lock (relocation, dlopen, dlsym).
#include "symbol/version_id.h"

#include "base/mem.h"
#include "module/module.h"

namespace ldr {

namespace {

// Name and hash side by side: a process's first 256 names share one page.
struct Name {
  const char* text;
  uint32_t hash;
};

struct Names {
  uint32_t count = 0;
  Name names[kMaxVersionIds] = {};
};
Names g_names;

}  // namespace

uint32_t version_id(const VersionEntry& v) {
  if (v.name_id != 0) return v.name_id;
  Names& t = g_names;
  for (uint32_t i = 0; i < t.count; ++i) {
    if (t.names[i].hash == v.hash && base::str_eq(t.names[i].text, v.name)) {
      v.name_id = static_cast<uint16_t>(i + 1);
      return v.name_id;
    }
  }
  if (t.count == kMaxVersionIds) return 0;
  t.names[t.count] = Name{v.name, v.hash};
  v.name_id = static_cast<uint16_t>(++t.count);
  return v.name_id;
}

}  // namespace ldr
