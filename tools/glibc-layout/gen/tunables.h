// SPDX-License-Identifier: MIT
// Hosted build-time decoder of ld.so's initialised `tunable_list[]` (.data /
// .data.rel.ro bytes of the real ld.so, decoded with the DWARF of tunable_t).
// Must not be linked into the loader; throws std::runtime_error on errors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dwarf_index.h"
#include "elf_file.h"

namespace glibc_layout {

struct TunableRec {
  std::string name;           // "glibc.rtld.nns"
  std::string id_name;        // tunable_id_t enumerator, "glibc_rtld_nns"
  std::int64_t id = 0;
  std::int64_t type_code = 0;
  std::string type_name;      // "INT_32", "UINT_64", "SIZE_T", "STRING"
  std::int64_t default_value = 0, min = 0, max = 0;  // tunable_num_t
  bool has_default_string = false;
  std::string default_string;
  std::int64_t security_level = 0;
  std::string security_level_name;  // "SXID_ERASE", "SXID_IGNORE", "NONE"
  std::string env_alias;
};

struct TunableTable {
  std::uint64_t address = 0;  // link-time address of tunable_list
  std::uint64_t elem_size = 0;
  std::vector<TunableRec> list;  // index == tunable id
};

TunableTable read_tunables(DwarfIndex& dwarf, const ElfFile& ldso);

}  // namespace glibc_layout
