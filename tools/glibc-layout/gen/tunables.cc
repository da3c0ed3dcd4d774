// SPDX-License-Identifier: MIT
// Decodes ld.so's tunable_list[] for the glibc-layout generator (hosted, build
// time only); checks it against the tunable_id_t enumerators.
#include "tunables.h"

#include <cstring>
#include <stdexcept>

namespace glibc_layout {
namespace {

const FieldRec& field(const Layout& l, const std::string& name) {
  for (auto& f : l.fields) {
    if (f.name == name) return f;
  }
  throw std::runtime_error("tunable_t has no member " + name);
}

std::int64_t load(const std::vector<std::uint8_t>& b, const FieldRec& f) {
  std::uint64_t v = 0;
  std::memcpy(&v, b.data() + f.offset, f.size);
  if (f.size < 8 && (v >> (f.size * 8 - 1)) != 0) v |= ~0ull << (f.size * 8);  // sign-extend
  return static_cast<std::int64_t>(v);
}

// Char arrays are inline in glibc 2.36; pointers (other versions) are followed.
std::string text(const ElfFile& ldso, std::uint64_t base, const std::vector<std::uint8_t>& b, const FieldRec& f) {
  if (!f.dims.empty()) {
    auto* p = reinterpret_cast<const char*>(b.data() + f.offset);
    return std::string(p, strnlen(p, f.size));
  }
  std::uint64_t ptr = ldso.read_pointer(base + f.offset);
  return ptr == 0 ? std::string() : ldso.read_cstring(ptr);
}

std::string enum_name(const std::vector<Enumerator>& e, std::int64_t v, const std::string& prefix) {
  for (auto& x : e) {
    if (x.value == v) return x.name.rfind(prefix, 0) == 0 ? x.name.substr(prefix.size()) : x.name;
  }
  throw std::runtime_error("value " + std::to_string(v) + " is not an enumerator of " + prefix);
}

}  // namespace

TunableTable read_tunables(DwarfIndex& dwarf, const ElfFile& ldso) {
  auto layout = dwarf.layout("typedef tunable_t");
  auto ids = dwarf.enum_typedef("tunable_id_t");
  auto types = dwarf.enum_typedef("tunable_type_code_t");
  auto levels = dwarf.enum_typedef("tunable_seclevel_t");
  auto var = dwarf.variable("tunable_list");
  if (!layout || !ids || !types || !levels || !var) {
    throw std::runtime_error("ld.so DWARF lacks tunable_t, tunable_id_t, tunable_type_code_t, "
                             "tunable_seclevel_t or the tunable_list variable");
  }
  if (var->second != ids->size()) {
    throw std::runtime_error("tunable_list has " + std::to_string(var->second) + " entries but tunable_id_t has " +
                             std::to_string(ids->size()) + " enumerators");
  }
  std::uint64_t addr = var->first;
  TunableTable t;
  t.address = addr;
  t.elem_size = layout->size;
  const auto &f_name = field(*layout, "name"), &f_code = field(*layout, "type__type_code"),
             &f_min = field(*layout, "type__min"), &f_max = field(*layout, "type__max"),
             &f_num = field(*layout, "val__numval"), &f_str = field(*layout, "val__strval"),
             &f_sec = field(*layout, "security_level"), &f_env = field(*layout, "env_alias");
  for (std::size_t i = 0; i < ids->size(); ++i) {
    std::uint64_t base = addr + i * layout->size;
    auto b = ldso.read(base, layout->size);
    TunableRec r;
    r.name = text(ldso, base, b, f_name);
    r.id = static_cast<std::int64_t>(i);
    r.type_code = load(b, f_code);
    r.type_name = enum_name(*types, r.type_code, "TUNABLE_TYPE_");
    r.min = load(b, f_min);
    r.max = load(b, f_max);
    if (r.type_name == "STRING") {
      std::uint64_t p = ldso.read_pointer(base + f_str.offset);
      r.has_default_string = p != 0;
      if (p != 0) r.default_string = ldso.read_cstring(p);
    } else {
      r.default_value = load(b, f_num);
    }
    r.security_level = load(b, f_sec);
    r.security_level_name = enum_name(*levels, r.security_level, "TUNABLE_SECLEVEL_");
    r.env_alias = text(ldso, base, b, f_env);
    for (auto& e : *ids) {
      if (e.value == r.id) r.id_name = e.name;
    }
    std::string expect = r.name;
    for (auto& c : expect) c = c == '.' ? '_' : c;
    if (r.id_name != expect) {
      throw std::runtime_error("tunable_list[" + std::to_string(i) + "] is " + r.name +
                               " but tunable_id_t says " + r.id_name);
    }
    t.list.push_back(r);
  }
  return t;
}

}  // namespace glibc_layout
