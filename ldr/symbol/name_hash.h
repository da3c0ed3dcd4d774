// SPDX-License-Identifier: MIT
// The GNU hash and length of a symbol name, sixteen characters a step with
// SSE2: every relocation's lookup starts here, and C++ names are long.
// Same results as elf::gnu_hash_and_length (the reference, unit-tested
// against it); reads whole 16-byte blocks, never across a page boundary.
#pragma once

#include "elf/hash.h"

namespace ldr {

elf::HashedName hash_symbol_name(const char* name);

}  // namespace ldr
