// SPDX-License-Identifier: MIT
// Hosted build-time data model of the glibc-layout generator: everything read
// from the glibc objects and their DWARF, ready to be written as a header.
// Must not be linked into the loader.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dwarf_index.h"
#include "tunables.h"

namespace glibc_layout {

struct ObjectId {
  std::string ns;           // namespace in the header: "ld_so", "libc", "libm"
  std::string path;         // resolved path of the object
  std::string debug_path;   // /usr/lib/debug/.build-id/xx/yyyy.debug
  std::vector<std::uint8_t> build_id;
};

struct StructOut {
  std::string ns;        // header namespace, glibc's name: "rtld_global", "tcbhead_t"
  std::string c_type;    // "struct rtld_global", "tcbhead_t"
  std::string source;    // "ld.so" or "libc"
  bool present = false;
  bool in_both = false;       // the other object's DWARF has it too
  bool views_agree = false;   // ... with an identical flattened layout
  Layout layout;
};

struct EnumOut {
  std::string what;     // description of the enum for the comment
  std::string source;
  std::vector<Enumerator> values;
};

struct Model {
  std::string glibc_version;   // "2.36"
  std::string glibc_package;   // "Debian GLIBC 2.36-9+deb12u14"
  std::vector<ObjectId> objects;
  std::vector<StructOut> structs;
  std::vector<EnumOut> enums;
  std::vector<std::string> missing_enums;
  TunableTable tunables;
};

std::string render_header(const Model& m);

}  // namespace glibc_layout
