// SPDX-License-Identifier: MIT
// The GNU hash and length of a symbol name, thirty-two characters a step
// (SSE2, or AVX2 where usable): every cold lookup of a name not defined by
// its own object starts here, and C++ names are long. Same results as
// elf::gnu_hash_and_length (the reference, unit-tested against it); reads
// whole 16- or 32-byte blocks past the NUL but never across a page
// boundary, so only for names in mapped string tables, not caller memory
// read exactly.
#pragma once

#include "elf/hash.h"

namespace ldr {

elf::HashedName hash_symbol_name(const char* name);

// Whether hash_symbol_name may use AVX2 (32 characters a step in half the
// instructions): set once the CPU's usable features are known (glibc
// personality's cpu_features, which honours GLIBC_TUNABLES hwcaps); SSE2
// until then and for a program without that personality.
void use_avx2_name_hash(bool usable);

// The length alone, 16 (SSE2) or 32 (AVX2) characters a step, same reading
// rules: for a name whose hash is known otherwise (symbol/lookup.h).
uint32_t symbol_name_length(const char* name);

}  // namespace ldr
