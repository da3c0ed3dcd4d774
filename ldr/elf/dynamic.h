// SPDX-License-Identifier: MIT
// Decoding of PT_DYNAMIC into DynamicInfo: every table the loader uses, with
// its bounds checked against the object's Image. Pure: no I/O.
#pragma once

#include <cstddef>
#include <cstdint>

#include "elf/image.h"
#include "elf/types.h"

namespace ldr::elf {

struct DynamicInfo {
  const Elf64_Dyn* dynamic = nullptr;
  const char* strtab = nullptr;
  uint64_t strsz = 0;
  const Elf64_Sym* symtab = nullptr;
  uint32_t sym_count = 0;  // symbols the hash tables reach (st_name unchecked: see below)
  uint32_t sym_limit = 0;  // symbols readable in the image (bounds relocation indices)
  const uint32_t* gnu_hash = nullptr;
  uint32_t gnu_count = 0;  // symbols the GNU hash table reaches (its chain ends at gnu_count)
  const uint32_t* sysv_hash = nullptr;
  const Elf64_Half* versym = nullptr;
  const Elf64_Verdef* verdef = nullptr;
  uint32_t verdef_count = 0;
  const Elf64_Verneed* verneed = nullptr;
  uint32_t verneed_count = 0;
  const Elf64_Rela* rela = nullptr;
  uint64_t rela_count = 0;
  uint64_t relative_count = 0;  // DT_RELACOUNT: leading R_X86_64_RELATIVE entries
  const Elf64_Rela* jmprel = nullptr;
  uint64_t jmprel_count = 0;
  const uint64_t* relr = nullptr;
  uint64_t relr_count = 0;
  uint64_t init = 0, fini = 0;  // link-time addresses, 0 if absent
  const uint64_t* init_array = nullptr;
  uint64_t init_array_count = 0;
  const uint64_t* fini_array = nullptr;
  uint64_t fini_array_count = 0;
  const uint64_t* preinit_array = nullptr;
  uint64_t preinit_array_count = 0;
  const char* soname = nullptr;
  const char* rpath = nullptr;
  const char* runpath = nullptr;
  uint32_t needed_count = 0;
  uint64_t flags = 0, flags_1 = 0;
  bool symbolic = false, textrel = false, bind_now = false;
  Elf64_Dyn* debug = nullptr;  // the DT_DEBUG entry, written for debuggers
  const Elf64_Dyn* tlsdesc_got = nullptr;

  // A symbol's st_name is not validated by decoding: whoever reads a name
  // checks its offset first (string_at, name_of; a lookup's compare in
  // symbol/lookup.cc). strtab itself is in range and ends with a NUL, so an
  // offset below strsz is a C string.
  // Returns the string at a validated strtab offset, or nullptr if out of range.
  const char* string_at(uint64_t offset) const {
    return offset < strsz ? strtab + offset : nullptr;
  }
  const char* name_of(const Elf64_Sym& sym) const { return string_at(sym.st_name); }
};

// Decodes the dynamic section at dyn_vaddr (dyn_size bytes). Returns nullptr on
// success or the message for the first fault found.
const char* decode_dynamic(const Image& image, uint64_t dyn_vaddr, uint64_t dyn_size,
                           DynamicInfo* info);

// The number of symbols a GNU hash table covers (its highest chain end + 1),
// or -1 if the table is malformed. `bytes` is how much of it is readable.
int64_t gnu_hash_symbol_count(const uint32_t* table, uint64_t bytes);

// Whether some symbol a lookup can find is undefined with a value: a
// non-PIE executable's canonical PLT address, a definition for every
// reference but a PLT one. Reads the hashed part of the symbol table.
bool has_canonical_plt(const DynamicInfo& info);

}  // namespace ldr::elf
