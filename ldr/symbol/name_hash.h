// SPDX-License-Identifier: MIT
// The GNU hash and length of a symbol name, sixteen characters a step with
// SSE2: every relocation's lookup starts here, and C++ names are long.
// Same results as elf::gnu_hash_and_length (the reference, unit-tested
// against it); reads whole 16-byte blocks, never across a page boundary.
#pragma once

#include "elf/hash.h"

namespace ldr {

elf::HashedName hash_symbol_name(const char* name);

// A 64-bit key hash and the length of a string-table name, for the lookup
// memo (symbol/memo.h): XXH3's 16-byte mix (each half xored with a secret
// word, multiplied 64 x 64 -> 128, folded) added block by block to a
// rotated accumulator, then avalanched. About one instruction a character, a third of the GNU hash,
// which a name the memo already knows never needs. Same reading rules as
// hash_symbol_name; equal for equal names wherever they lie.
struct NameKey {
  uint64_t hash;
  uint32_t length;
};
NameKey hash_name_key(const char* name);

}  // namespace ldr
