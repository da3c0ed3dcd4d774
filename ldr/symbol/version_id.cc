// SPDX-License-Identifier: MIT
// The version-name table behind version_id: names by id - 1, with their
// ELF hashes to skip most string compares. Grows only; runs under the loader
// lock (relocation, dlopen, dlsym).
#include "symbol/version_id.h"

#include "base/mem.h"
#include "module/module.h"

namespace ldr {

namespace {

// Name and hash side by side. The first kHotNames live in .bss with the
// loader's other start-up data (a process rarely sees more: python3 20,
// clang-14 14); the rest in .lbss after it, a page touched only when needed.
struct Name {
  const char* text;
  uint32_t hash;
};

constexpr uint32_t kHotNames = 48;
uint32_t g_count = 0;
Name g_hot[kHotNames];
__attribute__((section(".lbss"))) Name g_cold[kMaxVersionIds - kHotNames];

Name& name_at(uint32_t i) { return i < kHotNames ? g_hot[i] : g_cold[i - kHotNames]; }

// An entry's first ask: finds or assigns its name's id.
[[gnu::noinline]] uint32_t assign_id(const VersionEntry& v) {
  for (uint32_t i = 0; i < g_count; ++i) {
    const Name& n = name_at(i);
    if (n.hash == v.hash && base::str_eq(n.text, v.name)) {
      v.name_id = static_cast<uint16_t>(i + 1);
      return v.name_id;
    }
  }
  if (g_count == kMaxVersionIds) return 0;
  name_at(g_count) = Name{v.name, v.hash};
  v.name_id = static_cast<uint16_t>(++g_count);
  return v.name_id;
}

}  // namespace

// Small, so that link-time optimization inlines the kept id into lookups.
uint32_t version_id(const VersionEntry& v) { return v.name_id != 0 ? v.name_id : assign_id(v); }

}  // namespace ldr
