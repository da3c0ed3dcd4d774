// SPDX-License-Identifier: MIT
// Writes the generated glibc_layout.h (hosted, build time only). The output
// must compile freestanding: only <cstddef>/<cstdint>, no library calls.
#include <cstdio>
#include <set>
#include <sstream>
#include <stdexcept>

#include "elf_file.h"
#include "model.h"

namespace glibc_layout {
namespace {

const char* kPreamble = R"(// SPDX-License-Identifier: MIT
// GENERATED at build time by tools/glibc-layout (glibc-layout-gen) from the
// DWARF of the installed glibc (libc6-dbg). Do not edit; do not check in.
// Valid ONLY for the ld.so / libc.so.6 / libm.so.6 whose build-ids are below.
//
// Scheme (see tools/glibc-layout/README.md):
//  * namespace ldr::glibc::layout::<name>, <name> = glibc's struct tag or
//    typedef name (rtld_global, link_map, pthread, tcbhead_t, tunable_t, ...):
//      kSize, kAlign       sizeof / alignof the type
//      kCType              how C spells the type ("struct pthread")
//      kInBoth, kViewsAgree  ld.so's and libc's DWARF both describe the type,
//                          and with identical flattened layouts
//      <member>            a Field {offset, size, count, elem_size, bit_offset, bit_size}
//      kFields[]           every member as {name, C path, Field}
//  * Member names are glibc's, flattened with "__": nested struct/union
//    members are <outer>__<inner>; members of an array-of-struct are given
//    for element 0 as <array>__0__<inner> (add i * elem_size for element i);
//    members of ANONYMOUS structs/unions are promoted, as in C.
//  * offset is from the start of the outermost type. For arrays size is the
//    whole array, count the element count (product of all dimensions) and
//    elem_size one innermost element; flexible arrays have count 0, size 0.
//  * Bit-fields: offset/size describe the storage unit (the member's declared
//    type), bit_offset is the LSB position inside it (little-endian), bit_size
//    the width; non-bit-fields have bit_offset = bit_size = 0. Use
//    load_bits()/store_bits().
//  * enums::<enumerator>      enumerators found in DWARF (C type int)
//  * constants::              values derived from DWARF (DL_NNS, ...)
//  * tunables::<id_name>      tunable_id_t enumerators; tunables::kList[id]
//                             = ld.so's initial tunable_list[] entry
//  * ld_so::, libc::, libm::  path, debug file and build-id of each object
)";

std::string quote(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
    } else if (c < 0x20 || c > 0x7e) {
      char b[8];
      std::snprintf(b, sizeof b, "\\%03o", c);
      o += b;
    } else {
      o += static_cast<char>(c);
    }
  }
  return o + "\"";
}

std::string i64(std::int64_t v) {
  if (v == INT64_MIN) return "(-9223372036854775807LL - 1)";
  return std::to_string(v) + "LL";
}

bool is_keyword(const std::string& s) {
  static const std::set<std::string> kw = {
      "alignas", "alignof", "and", "asm", "auto", "bool", "break", "case", "catch", "char", "class",
      "const", "constexpr", "continue", "default", "delete", "do", "double", "else", "enum",
      "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline",
      "int", "long", "mutable", "namespace", "new", "noexcept", "not", "nullptr", "operator", "or",
      "private", "protected", "public", "register", "return", "short", "signed", "sizeof",
      "static", "struct", "switch", "template", "this", "throw", "true", "try", "typedef",
      "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile", "while",
      "char8_t", "concept", "requires", "xor", "kSize", "kAlign", "kCType", "kFields", "kInBoth",
      "kViewsAgree", "Field", "NamedField"};
  return kw.count(s) != 0;
}

void emit_types(std::ostream& o) {
  o << R"(
// One member of a glibc type; see the scheme above.
struct Field {
  std::size_t offset;
  std::size_t size;
  std::size_t count;
  std::size_t elem_size;
  std::uint8_t bit_offset;
  std::uint8_t bit_size;
};

struct NamedField {
  const char* name;    // flattened name, as the constant is called
  const char* c_path;  // C member designator, e.g. "_dl_ns[0]._ns_loaded"
  Field field;
};

struct StructInfo {
  const char* name;    // namespace name
  const char* c_type;  // "struct rtld_global"
  const char* source;  // "ld.so" or "libc": whose debug file it was read from
  std::size_t size;
  std::size_t align;
  const NamedField* fields;
  std::size_t field_count;
};

// One entry of ld.so's initial tunable_list[] (struct _tunable), index = id.
// Its texts are arrays, not pointers: a table of pointers needs a relocation
// each, and the loader relocating itself would dirty (copy) its page.
struct Tunable {
  char name[48];                    // "glibc.rtld.nns"
  std::uint32_t id;                 // tunable_id_t value
  int type_code;                    // tunable_type_code_t (enums::TUNABLE_TYPE_*)
  char type_name[8];                // "INT_32", "UINT_64", "SIZE_T", "STRING"
  std::int64_t default_value;       // val.numval (tunable_num_t); 0 for STRING
  std::int64_t min;                 // type.min
  std::int64_t max;                 // type.max (UINT_64/SIZE_T: read as uint64_t)
  const char* default_string;       // val.strval for STRING tunables, else nullptr
  int security_level;               // tunable_seclevel_t
  char security_level_name[12];     // "SXID_ERASE", "SXID_IGNORE", "NONE"
  char env_alias[24];               // "" if none, e.g. "MALLOC_CHECK_"
};

// Element i of an array member.
constexpr std::size_t element_offset(Field f, std::size_t i) { return f.offset + i * f.elem_size; }

// Bit-field access through the bytes that hold the bits only (never the
// whole storage unit, so neighbouring non-bit-field members are untouched).
inline std::uint64_t load_bits(const void* object, Field f) {
  const auto* p = static_cast<const unsigned char*>(object) + f.offset + f.bit_offset / 8;
  unsigned shift = f.bit_offset % 8;
  std::uint64_t v = 0;
  for (unsigned i = 0; i * 8 < shift + f.bit_size; ++i) v |= std::uint64_t{p[i]} << (i * 8);
  v >>= shift;
  return f.bit_size >= 64 ? v : v & ((std::uint64_t{1} << f.bit_size) - 1);
}

inline void store_bits(void* object, Field f, std::uint64_t value) {
  auto* p = static_cast<unsigned char*>(object) + f.offset + f.bit_offset / 8;
  unsigned shift = f.bit_offset % 8;
  for (unsigned bit = 0; bit < f.bit_size; ++bit) {
    unsigned pos = shift + bit;
    auto mask = static_cast<unsigned char>(1u << (pos % 8));
    if ((value >> bit) & 1) {
      p[pos / 8] = static_cast<unsigned char>(p[pos / 8] | mask);
    } else {
      p[pos / 8] = static_cast<unsigned char>(p[pos / 8] & ~mask);
    }
  }
}
)";
}

void emit_objects(std::ostream& o, const Model& m) {
  o << "\ninline constexpr char kGlibcVersion[] = " << quote(m.glibc_version) << ";\n";
  o << "inline constexpr char kGlibcPackage[] = " << quote(m.glibc_package) << ";\n";
  for (auto& ob : m.objects) {
    o << "\nnamespace " << ob.ns << " {\n";
    o << "inline constexpr char kPath[] = " << quote(ob.path) << ";\n";
    o << "inline constexpr char kDebugPath[] = " << quote(ob.debug_path) << ";\n";
    o << "inline constexpr char kBuildIdHex[] = " << quote(hex(ob.build_id)) << ";\n";
    o << "inline constexpr std::size_t kBuildIdSize = " << ob.build_id.size() << ";\n";
    o << "inline constexpr std::uint8_t kBuildId[kBuildIdSize] = {";
    for (std::size_t i = 0; i < ob.build_id.size(); ++i) {
      char b[8];
      std::snprintf(b, sizeof b, "%s0x%02x", i ? ", " : "", ob.build_id[i]);
      o << b;
    }
    o << "};\n}  // namespace " << ob.ns << "\n";
  }
}

void emit_struct(std::ostream& o, const StructOut& s) {
  if (!s.present) {
    o << "\n// " << s.c_type << ": not present in " << s.source << "'s DWARF of this build.\n";
    return;
  }
  auto& l = s.layout;
  o << "\n// " << s.c_type << " (from " << s.source << "'s DWARF): " << l.size << " bytes, align " << l.align
    << ", " << l.fields.size() << " flattened members\n";
  o << "namespace " << s.ns << " {\n";
  o << "inline constexpr std::size_t kSize = " << l.size << ";\n";
  o << "inline constexpr std::size_t kAlign = " << l.align << ";\n";
  o << "inline constexpr char kCType[] = " << quote(s.c_type) << ";\n";
  o << "inline constexpr bool kInBoth = " << (s.in_both ? "true" : "false") << ";\n";
  o << "inline constexpr bool kViewsAgree = " << (s.views_agree ? "true" : "false") << ";\n";
  std::set<std::string> seen;
  for (auto& f : l.fields) {
    if (is_keyword(f.name) || !seen.insert(f.name).second) {
      throw std::runtime_error(s.c_type + ": member name " + f.name + " collides; extend the naming scheme");
    }
    o << "inline constexpr Field " << f.name << "{" << f.offset << ", " << f.size << ", " << f.count << ", "
      << f.elem_size << ", " << f.bit_offset << ", " << f.bit_size << "};  // " << f.type;
    if (f.bit_size) o << " :" << f.bit_size;
    for (auto d : f.dims) o << "[" << d << "]";
    o << "\n";
  }
  o << "inline constexpr NamedField kFields[] = {\n";
  for (auto& f : l.fields) o << "    {" << quote(f.name) << ", " << quote(f.cpath) << ", " << f.name << "},\n";
  o << "};\n}  // namespace " << s.ns << "\n";
}

void emit_enums(std::ostream& o, const Model& m) {
  o << "\nnamespace enums {\n";
  for (auto& e : m.enums) {
    o << "// " << e.what << " (" << e.source << ")\n";
    for (auto& v : e.values) o << "inline constexpr int " << v.name << " = " << v.value << ";\n";
  }
  for (auto& n : m.missing_enums) o << "// not in this build's DWARF: the enum of " << n << "\n";
  o << "}  // namespace enums\n";
}

const StructOut& find(const Model& m, const std::string& ns) {
  for (auto& s : m.structs) {
    if (s.ns == ns && s.present) return s;
  }
  throw std::runtime_error("required type missing: " + ns);
}

const FieldRec& member(const StructOut& s, const std::string& name) {
  for (auto& f : s.layout.fields) {
    if (f.name == name) return f;
  }
  throw std::runtime_error(s.c_type + " has no member " + name);
}

void emit_constants(std::ostream& o, const Model& m) {
  o << "\nnamespace constants {\n";
  o << "// Array bound of rtld_global._dl_ns.\n";
  o << "inline constexpr std::size_t DL_NNS = " << member(find(m, "rtld_global"), "_dl_ns").count << ";\n";
  o << "// sizeof (struct pthread): x86-64 TLS_TCB_SIZE / TLS_PRE_TCB_SIZE basis.\n";
  o << "inline constexpr std::size_t TLS_TCB_SIZE = " << find(m, "pthread").layout.size << ";\n";
  o << "// Array bound of link_map.l_info (DT_NUM + DT_THISPROCNUM + DT_VERSIONTAGNUM + ...).\n";
  o << "inline constexpr std::size_t kLinkMapInfoCount = " << member(find(m, "link_map"), "l_info").count
    << ";\n";
  o << "// Array bound of cpu_features.features (CPUID_INDEX_MAX).\n";
  o << "inline constexpr std::size_t kCpuFeaturesCount = " << member(find(m, "cpu_features"), "features").count
    << ";\n";
  o << "}  // namespace constants\n";
}

void emit_tunables(std::ostream& o, const Model& m) {
  auto& t = m.tunables;
  o << "\n// ld.so's tunable_list[] at link-time address 0x" << std::hex << t.address << std::dec << ", "
    << t.list.size() << " x " << t.elem_size << " bytes; index = tunable_id_t.\n";
  o << "namespace tunables {\n";
  o << "inline constexpr std::size_t kCount = " << t.list.size() << ";\n";
  o << "inline constexpr std::uint64_t kListAddress = 0x" << std::hex << t.address << std::dec << ";\n";
  for (auto& r : t.list) o << "inline constexpr std::uint32_t " << r.id_name << " = " << r.id << ";\n";
  o << "inline constexpr Tunable kList[kCount] = {\n";
  for (auto& r : t.list) {
    // The array sizes of struct Tunable (above), with their NUL.
    auto fits = [&](const std::string& text, std::size_t cap, const char* what) {
      if (text.size() >= cap)
        throw std::runtime_error("tunable " + r.name + ": " + what + " \"" + text + "\" is longer than the " +
                                 std::to_string(cap - 1) + " characters struct Tunable holds; widen it");
    };
    fits(r.name, 48, "name");
    fits(r.type_name, 8, "type name");
    fits(r.security_level_name, 12, "security level name");
    fits(r.env_alias, 24, "environment alias");
    o << "    {" << quote(r.name) << ", " << r.id << ", " << r.type_code << ", " << quote(r.type_name) << ", "
      << i64(r.default_value) << ", " << i64(r.min) << ", " << i64(r.max) << ", "
      << (r.has_default_string ? quote(r.default_string) : "nullptr") << ", " << r.security_level << ", "
      << quote(r.security_level_name) << ", " << quote(r.env_alias) << "},\n";
  }
  o << "};\n}  // namespace tunables\n";
}

}  // namespace

std::string render_header(const Model& m) {
  std::ostringstream o;
  o << kPreamble << "#pragma once\n\n#include <cstddef>\n#include <cstdint>\n\n";
  o << "namespace ldr::glibc::layout {\n";
  emit_types(o);
  emit_objects(o, m);
  for (auto& s : m.structs) emit_struct(o, s);
  o << "\nnamespace list_t = list_head;  // typedef struct list_head list_t\n";
  emit_enums(o, m);
  emit_constants(o, m);
  emit_tunables(o, m);
  o << "\n// Every type above, for iteration (tests, diagnostics).\n";
  o << "inline constexpr StructInfo kStructs[] = {\n";
  for (auto& s : m.structs) {
    if (!s.present) continue;
    o << "    {" << quote(s.ns) << ", " << quote(s.c_type) << ", " << quote(s.source) << ", " << s.ns << "::kSize, "
      << s.ns << "::kAlign, " << s.ns << "::kFields, sizeof " << s.ns << "::kFields / sizeof(NamedField)},\n";
  }
  o << "};\n\n}  // namespace ldr::glibc::layout\n";
  return o.str();
}

}  // namespace glibc_layout
