// SPDX-License-Identifier: MIT
// Numbers in environment values, read as glibc's ld.so reads them.
#pragma once

#include <cstdint>

namespace ldr::base {

// glibc's _dl_strtoul (elf/dl-misc.c): optional blanks and sign, 0x hex,
// 0 octal, saturating at UINT64_MAX; 0 without a digit; a minus negates
// modulo 2^64 (so "-1" is large, as in glibc).
uint64_t glibc_strtoul(const char* s);

}  // namespace ldr::base
