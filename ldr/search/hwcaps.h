// SPDX-License-Identifier: MIT
// The glibc-hwcaps subdirectories a library search tries, in glibc 2.36's
// priority order (elf/dl-hwcaps.c): the names --glibc-hwcaps-prepend lists,
// then the built-in x86-64-v4, -v3, -v2 that the CPU runs and that
// --glibc-hwcaps-mask (when given) lists. Lists split as glibc splits them:
// at colons, empty names skipped. Pure and header-only (unit tests drive it);
// the CPU's answer comes from the caller.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ldr::search {

// One subdirectory of DIR/glibc-hwcaps/. level: 4..2 for a built-in name
// (prepended or not; the ldr cache records those levels), 0 for another.
struct HwcapsName {
  const char* name;  // not NUL-terminated: name[0, len)
  uint32_t len;
  uint8_t level;
};

inline constexpr const char* kBuiltinHwcaps[] = {"x86-64-v4", "x86-64-v3", "x86-64-v2"};
inline constexpr uint8_t kBuiltinHwcapsLevel[] = {4, 3, 2};
inline constexpr uint32_t kBuiltinHwcapsLength = 9;

// Calls f(name, len) for each non-empty name of a colon-separated list.
template <typename F>
void for_each_hwcaps_name(const char* list, F&& f) {
  if (list == nullptr) return;
  for (const char* p = list; *p != '\0';) {
    while (*p == ':') ++p;
    const char* name = p;
    while (*p != '\0' && *p != ':') ++p;
    if (p != name) f(name, static_cast<uint32_t>(p - name));
  }
}

// glibc's _dl_hwcaps_contains: whether list names `name`; a null list
// names everything.
inline bool hwcaps_list_contains(const char* list, const char* name, uint32_t len) {
  if (list == nullptr) return true;
  bool found = false;
  for_each_hwcaps_name(list, [&](const char* n, uint32_t l) {
    found |= l == len && __builtin_memcmp(n, name, len) == 0;
  });
  return found;
}

// The level of a built-in name, 0 for any other.
inline uint8_t hwcaps_level_of(const char* name, uint32_t len) {
  for (size_t i = 0; i < 3; ++i)
    if (len == kBuiltinHwcapsLength && __builtin_memcmp(name, kBuiltinHwcaps[i], len) == 0)
      return kBuiltinHwcapsLevel[i];
  return 0;
}

// How many names hwcaps_priorities writes at most: the prepended ones and
// the three built-ins.
inline uint32_t hwcaps_priorities_capacity(const char* prepend) {
  uint32_t n = 3;
  for_each_hwcaps_name(prepend, [&](const char*, uint32_t) { ++n; });
  return n;
}

// Writes the subdirectories in priority order into out (room for
// hwcaps_priorities_capacity(prepend)); returns how many. active(level)
// says whether the CPU runs a built-in level; it is asked only for the
// built-ins the mask admits.
template <typename Active>
uint32_t hwcaps_priorities(const char* prepend, const char* mask, Active&& active, HwcapsName* out) {
  uint32_t n = 0;
  for_each_hwcaps_name(prepend, [&](const char* name, uint32_t len) {
    out[n++] = HwcapsName{name, len, hwcaps_level_of(name, len)};
  });
  for (size_t i = 0; i < 3; ++i) {
    if (!hwcaps_list_contains(mask, kBuiltinHwcaps[i], kBuiltinHwcapsLength) || !active(kBuiltinHwcapsLevel[i]))
      continue;
    out[n++] = HwcapsName{kBuiltinHwcaps[i], kBuiltinHwcapsLength, kBuiltinHwcapsLevel[i]};
  }
  return n;
}

}  // namespace ldr::search
