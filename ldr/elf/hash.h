// SPDX-License-Identifier: MIT
// The two ELF symbol hash functions: SysV (gABI) and GNU (DJB, h*33+c).
#pragma once

#include <cstdint>

namespace ldr::elf {

constexpr uint32_t gnu_hash(const char* s) {
  uint32_t h = 5381;
  for (; *s != '\0'; ++s) h = h * 33 + static_cast<unsigned char>(*s);
  return h;
}

constexpr uint32_t sysv_hash(const char* s) {
  uint32_t h = 0;
  for (; *s != '\0'; ++s) {
    h = (h << 4) + static_cast<unsigned char>(*s);
    uint32_t g = h & 0xf0000000;
    if (g != 0) h ^= g >> 24;
    h &= ~g;
  }
  return h;
}

static_assert(gnu_hash("") == 5381);
static_assert(sysv_hash("") == 0);

}  // namespace ldr::elf
