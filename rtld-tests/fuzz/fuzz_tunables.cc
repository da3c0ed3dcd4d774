// SPDX-License-Identifier: MIT
// libFuzzer target: the environment as glibc's __tunables_init reads it
// (glibc/tunables.h), GLIBC_TUNABLES above all — the string behind glibc's
// CVE-2023-4911, which overflowed its copy in secure mode. The first input
// byte picks secure mode and glibc.malloc.check's suid-debug exception; the
// rest, cut at NUL bytes, is the environment. The copy init_tunables asks
// for is exactly the entry with its NUL, so any write past it is caught.
// Afterwards every tunable is read back as libc would.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "glibc/tunables.h"

using ldr::glibc::Tunable;
using ldr::glibc::TunableSecurity;
using ldr::glibc::TunableType;

namespace {

std::vector<char*> g_copies;

char* copy_entry(const char* entry) {
  size_t n = std::strlen(entry) + 1;
  char* c = static_cast<char*>(std::malloc(n));  // the entry and its NUL, as the loader allocates
  std::memcpy(c, entry, n);
  g_copies.push_back(c);
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  bool secure = (data[0] & 1) != 0, suid_debug = (data[0] & 2) != 0;
  std::vector<std::string> entries;
  std::string cur;
  for (size_t i = 1; i < size; ++i) {
    if (data[i] == 0) {
      entries.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(static_cast<char>(data[i]));
    }
  }
  entries.push_back(cur);
  std::vector<char*> envp;
  for (std::string& e : entries) envp.push_back(e.data());
  envp.push_back(nullptr);
  Tunable t[] = {
      {"glibc.malloc.check", "MALLOC_CHECK_", TunableType::kInt32, TunableSecurity::kSxidErase, 0, 3, 0, nullptr, false},
      {"glibc.malloc.perturb", "MALLOC_PERTURB_", TunableType::kInt32, TunableSecurity::kSxidIgnore, 0, 255, 0, nullptr, false},
      {"glibc.malloc.mmap_threshold", "MALLOC_MMAP_THRESHOLD_", TunableType::kSizeT, TunableSecurity::kSxidIgnore, 0, INT64_MAX, 0, nullptr, false},
      {"glibc.rtld.nns", "", TunableType::kSizeT, TunableSecurity::kSxidErase, 1, 16, 4, nullptr, false},
      {"glibc.cpu.hwcaps", "", TunableType::kString, TunableSecurity::kSxidErase, 0, 0, 0, nullptr, false},
      {"glibc.cpu.x86_shstk", "", TunableType::kString, TunableSecurity::kNone, 0, 0, 0, nullptr, false},
      {"glibc.mem.tagging", "", TunableType::kUint64, TunableSecurity::kNone, 0, 255, 0, nullptr, false},
  };
  ldr::glibc::init_tunables(t, sizeof t / sizeof t[0], envp.data(), secure, suid_debug, copy_entry);
  for (char** e = envp.data(); *e != nullptr; ++e) (void)std::strlen(*e);
  for (const Tunable& x : t) {
    union {
      int32_t i32;
      uint64_t u64;
      const char* s;
    } v{};
    (void)ldr::glibc::read_tunable(x, &v);
    if (x.type == TunableType::kString && x.initialized && v.s != nullptr) (void)std::strlen(v.s);
  }
  for (char* c : g_copies) std::free(c);
  g_copies.clear();
  return 0;
}
