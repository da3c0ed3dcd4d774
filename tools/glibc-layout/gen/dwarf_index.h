// SPDX-License-Identifier: MIT
// Hosted build-time DWARF reader (libdw): finds glibc's struct/union/typedef,
// enum and variable DIEs by name and flattens aggregates into byte/bit layouts.
// Must not be linked into the loader; throws std::runtime_error on errors.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <elfutils/libdw.h>

namespace glibc_layout {

// One member of a flattened aggregate. Offsets are from the outermost struct.
struct FieldRec {
  std::string name;    // flattened: "a__b", array elements as "a__0__b"
  std::string cpath;   // C access path: "a.b", "a[0].b"
  std::uint64_t offset = 0;     // byte offset (bit-fields: of the storage unit)
  std::uint64_t size = 0;       // byte size (arrays: whole; bit-fields: storage unit)
  std::uint64_t count = 1;      // array elements (product of dims); 1 otherwise
  std::uint64_t elem_size = 0;  // size of one innermost element (== size if not array)
  std::vector<std::uint64_t> dims;  // array dimensions; empty if not an array
  unsigned bit_offset = 0;      // bit-fields: LSB position in the storage unit
  unsigned bit_size = 0;        // bit-fields: width; 0 = not a bit-field
  std::string type;             // short type description for comments
};

struct Layout {
  std::string key;       // how it was requested, e.g. "struct pthread"
  std::uint64_t size = 0;
  std::uint64_t align = 1;
  std::vector<FieldRec> fields;
};

struct Enumerator {
  std::string name;
  std::int64_t value;
};

class DwarfIndex {
 public:
  explicit DwarfIndex(const std::string& debug_path);
  ~DwarfIndex();
  DwarfIndex(const DwarfIndex&) = delete;
  DwarfIndex& operator=(const DwarfIndex&) = delete;

  // `spec` is "struct NAME", "union NAME" or "typedef NAME" (typedef to an aggregate).
  std::optional<Layout> layout(const std::string& spec);
  // Enumerators of the enum that has an enumerator called `member`.
  std::optional<std::vector<Enumerator>> enum_with(const std::string& member);
  // Enumerators of the enum named by typedef `name`.
  std::optional<std::vector<Enumerator>> enum_typedef(const std::string& name);
  // DW_OP_addr location of a variable definition and its element count
  // (product of the array dimensions; 1 if it is not an array).
  std::optional<std::pair<std::uint64_t, std::uint64_t>> variable(const std::string& name);
  Dwarf* dwarf() const { return dw_; }

 private:
  void index_die(Dwarf_Die* die, int depth);
  std::optional<Dwarf_Die> find_aggregate(const std::string& spec);

  std::string path_;
  int fd_ = -1;
  Dwarf* dw_ = nullptr;
  std::multimap<std::string, Dwarf_Die> structs_, unions_, typedefs_, variables_;
  std::map<std::string, Dwarf_Die> enum_by_member_;
};

}  // namespace glibc_layout
