// SPDX-License-Identifier: MIT
// libdw walk for the glibc-layout generator (hosted, build time only): index
// named DIEs per debug file, flatten aggregates, read enums and variables.
#include "dwarf_index.h"

#include <dwarf.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace glibc_layout {
namespace {

bool attr_udata(Dwarf_Die* die, unsigned at, std::uint64_t* out) {
  Dwarf_Attribute a;
  Dwarf_Word w;
  if (dwarf_attr_integrate(die, at, &a) == nullptr || dwarf_formudata(&a, &w) != 0) return false;
  *out = w;
  return true;
}

bool type_of(Dwarf_Die* die, Dwarf_Die* out) {
  Dwarf_Attribute a;
  return dwarf_attr_integrate(die, DW_AT_type, &a) != nullptr && dwarf_formref_die(&a, out) != nullptr;
}

bool peel(Dwarf_Die* die, Dwarf_Die* out) { return dwarf_peel_type(die, out) == 0; }

bool is_aggregate(Dwarf_Die* die) {
  int t = dwarf_tag(die);
  return t == DW_TAG_structure_type || t == DW_TAG_union_type || t == DW_TAG_class_type;
}

std::uint64_t size_of(Dwarf_Die* type) {
  Dwarf_Word s = 0;
  return dwarf_aggregate_size(type, &s) == 0 ? s : 0;
}

std::string describe(Dwarf_Die* type, int depth = 0) {
  if (type == nullptr || depth > 4) return "?";
  const char* n = dwarf_diename(type);
  Dwarf_Die sub;
  bool has_sub = type_of(type, &sub);
  switch (dwarf_tag(type)) {
    case DW_TAG_base_type:
    case DW_TAG_typedef: return n ? n : "?";
    case DW_TAG_structure_type: return std::string("struct ") + (n ? n : "<anon>");
    case DW_TAG_union_type: return std::string("union ") + (n ? n : "<anon>");
    case DW_TAG_enumeration_type: return std::string("enum ") + (n ? n : "<anon>");
    case DW_TAG_pointer_type: return (has_sub ? describe(&sub, depth + 1) : "void") + " *";
    case DW_TAG_const_type: return "const " + (has_sub ? describe(&sub, depth + 1) : "void");
    case DW_TAG_volatile_type: return "volatile " + (has_sub ? describe(&sub, depth + 1) : "void");
    case DW_TAG_array_type: return (has_sub ? describe(&sub, depth + 1) : "?") + "[]";
    case DW_TAG_subroutine_type: return "function";
    default: return has_sub ? describe(&sub, depth + 1) : "?";
  }
}

std::uint64_t align_of(Dwarf_Die* type) {
  std::uint64_t forced = 0;
  attr_udata(type, DW_AT_alignment, &forced);
  std::uint64_t natural = 1;
  Dwarf_Die sub;
  switch (dwarf_tag(type)) {
    case DW_TAG_base_type:
    case DW_TAG_enumeration_type: natural = size_of(type); break;
    case DW_TAG_pointer_type:
    case DW_TAG_reference_type: natural = 8; break;
    case DW_TAG_structure_type:
    case DW_TAG_union_type:
    case DW_TAG_class_type: {
      Dwarf_Die m;
      for (int r = dwarf_child(type, &m); r == 0; r = dwarf_siblingof(&m, &m)) {
        if (dwarf_tag(&m) != DW_TAG_member || !type_of(&m, &sub)) continue;
        std::uint64_t ma = 0;
        attr_udata(&m, DW_AT_alignment, &ma);
        natural = std::max({natural, ma, align_of(&sub)});
      }
      break;
    }
    default:  // typedef, qualifiers, arrays: the element / target alignment
      if (type_of(type, &sub)) natural = align_of(&sub);
  }
  return std::max<std::uint64_t>({forced, natural, 1});
}

std::vector<std::uint64_t> array_dims(Dwarf_Die* array) {
  std::vector<std::uint64_t> dims;
  Dwarf_Die c;
  for (int r = dwarf_child(array, &c); r == 0; r = dwarf_siblingof(&c, &c)) {
    if (dwarf_tag(&c) != DW_TAG_subrange_type) continue;
    std::uint64_t n = 0, ub = 0, lb = 0;
    if (attr_udata(&c, DW_AT_count, &n)) {
    } else if (attr_udata(&c, DW_AT_upper_bound, &ub)) {
      attr_udata(&c, DW_AT_lower_bound, &lb);
      n = ub + 1 - lb;
    }  // else: flexible array member, 0 elements
    dims.push_back(n);
  }
  return dims;
}

void flatten(Dwarf_Die* agg, std::uint64_t base, const std::string& prefix,
             const std::string& cprefix, std::vector<FieldRec>& out) {
  Dwarf_Die m;
  for (int r = dwarf_child(agg, &m); r == 0; r = dwarf_siblingof(&m, &m)) {
    if (dwarf_tag(&m) != DW_TAG_member) continue;
    Dwarf_Die type, peeled;
    if (!type_of(&m, &type) || !peel(&type, &peeled)) throw std::runtime_error("member without type");
    const char* name = dwarf_diename(&m);
    std::uint64_t loc = 0;
    attr_udata(&m, DW_AT_data_member_location, &loc);
    if (name == nullptr) {  // anonymous struct/union: C promotes its members
      if (is_aggregate(&peeled)) flatten(&peeled, base + loc, prefix, cprefix, out);
      continue;
    }
    FieldRec f;
    f.name = prefix + name;
    f.cpath = cprefix + name;
    f.type = describe(&type);
    f.offset = base + loc;
    f.size = size_of(&type);
    f.elem_size = f.size;
    std::uint64_t bits = 0;
    if (attr_udata(&m, DW_AT_bit_size, &bits)) {
      std::uint64_t unit = f.size, abs = 0, old = 0;
      attr_udata(&m, DW_AT_byte_size, &unit);
      if (attr_udata(&m, DW_AT_data_bit_offset, &abs)) {
        abs += base * 8;
      } else if (attr_udata(&m, DW_AT_bit_offset, &old)) {  // DWARF 2-4, big-endian numbering
        abs = (base + loc) * 8 + unit * 8 - old - bits;
      } else {
        abs = (base + loc) * 8;
      }
      f.offset = abs / (unit * 8) * unit;
      f.size = f.elem_size = unit;
      f.bit_offset = static_cast<unsigned>(abs - f.offset * 8);
      f.bit_size = static_cast<unsigned>(bits);
      if (f.bit_offset + f.bit_size > unit * 8) throw std::runtime_error("bit-field straddles its unit: " + f.name);
      out.push_back(f);
      continue;
    }
    Dwarf_Die elem = peeled, elem_peeled = peeled;
    std::string cp = f.cpath;
    if (dwarf_tag(&peeled) == DW_TAG_array_type) {
      f.dims = array_dims(&peeled);
      f.count = 1;
      for (auto d : f.dims) f.count *= d;
      if (!type_of(&peeled, &elem) || !peel(&elem, &elem_peeled)) throw std::runtime_error("array without element type");
      f.elem_size = size_of(&elem);
      f.type = describe(&elem);
      if (f.count == 0) f.size = 0;  // flexible array member
      for (std::size_t i = 0; i < f.dims.size(); ++i) cp += "[0]";
    }
    out.push_back(f);
    if (is_aggregate(&elem_peeled)) {
      flatten(&elem_peeled, f.offset, f.name + (f.dims.empty() ? "__" : "__0__"), cp + ".", out);
    }
  }
}

std::vector<Enumerator> enumerators(Dwarf_Die* en) {
  std::vector<Enumerator> v;
  Dwarf_Die c;
  for (int r = dwarf_child(en, &c); r == 0; r = dwarf_siblingof(&c, &c)) {
    if (dwarf_tag(&c) != DW_TAG_enumerator) continue;
    Dwarf_Attribute a;
    Dwarf_Sword s = 0;
    if (dwarf_attr(&c, DW_AT_const_value, &a) == nullptr || dwarf_formsdata(&a, &s) != 0) continue;
    v.push_back({dwarf_diename(&c), s});
  }
  return v;
}

}  // namespace

DwarfIndex::DwarfIndex(const std::string& debug_path) : path_(debug_path) {
  fd_ = ::open(debug_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error("cannot open " + debug_path + ": " + std::strerror(errno));
  dw_ = dwarf_begin(fd_, DWARF_C_READ);
  if (dw_ == nullptr) throw std::runtime_error(debug_path + ": no DWARF: " + dwarf_errmsg(-1));
  Dwarf_CU* cu = nullptr;
  Dwarf_Die cudie;
  while (dwarf_get_units(dw_, cu, &cu, nullptr, nullptr, &cudie, nullptr) == 0) {
    Dwarf_Die c;
    for (int r = dwarf_child(&cudie, &c); r == 0; r = dwarf_siblingof(&c, &c)) index_die(&c, 0);
  }
}

DwarfIndex::~DwarfIndex() {
  if (dw_ != nullptr) dwarf_end(dw_);
  if (fd_ >= 0) ::close(fd_);
}

void DwarfIndex::index_die(Dwarf_Die* die, int depth) {
  int tag = dwarf_tag(die);
  const char* name = dwarf_diename(die);
  bool decl = dwarf_hasattr(die, DW_AT_declaration);
  if (tag == DW_TAG_enumeration_type) {
    for (auto& e : enumerators(die)) enum_by_member_.emplace(e.name, *die);
    return;
  }
  if (tag == DW_TAG_structure_type || tag == DW_TAG_union_type) {
    if (name != nullptr && !decl && depth == 0) (tag == DW_TAG_union_type ? unions_ : structs_).emplace(name, *die);
    Dwarf_Die c;  // nested enum definitions (e.g. link_map's l_type)
    for (int r = dwarf_child(die, &c); r == 0; r = dwarf_siblingof(&c, &c)) index_die(&c, depth + 1);
    return;
  }
  if (depth != 0 || name == nullptr) return;
  if (tag == DW_TAG_typedef) typedefs_.emplace(name, *die);
  if (tag == DW_TAG_variable && dwarf_hasattr(die, DW_AT_location)) variables_.emplace(name, *die);
}

std::optional<Dwarf_Die> DwarfIndex::find_aggregate(const std::string& spec) {
  auto sp = spec.find(' ');
  std::string kind = spec.substr(0, sp), name = spec.substr(sp + 1);
  auto& map = kind == "struct" ? structs_ : kind == "union" ? unions_ : typedefs_;
  std::optional<Dwarf_Die> found;
  std::uint64_t size = 0;
  for (auto [it, end] = map.equal_range(name); it != end; ++it) {
    Dwarf_Die d = it->second, p;
    if (kind == "typedef") {
      if (!peel(&d, &p) || !is_aggregate(&p)) continue;
      d = p;
    }
    std::uint64_t s = size_of(&d);
    if (!found) {
      found = d;
      size = s;
    } else if (s != size) {
      throw std::runtime_error(path_ + ": " + spec + " has definitions of different sizes");
    }
  }
  return found;
}

std::optional<Layout> DwarfIndex::layout(const std::string& spec) {
  auto die = find_aggregate(spec);
  if (!die) return std::nullopt;
  Layout l;
  l.key = spec;
  l.size = size_of(&*die);
  l.align = align_of(&*die);
  flatten(&*die, 0, "", "", l.fields);
  return l;
}

std::optional<std::vector<Enumerator>> DwarfIndex::enum_with(const std::string& member) {
  auto it = enum_by_member_.find(member);
  if (it == enum_by_member_.end()) return std::nullopt;
  return enumerators(&it->second);
}

std::optional<std::vector<Enumerator>> DwarfIndex::enum_typedef(const std::string& name) {
  for (auto [it, end] = typedefs_.equal_range(name); it != end; ++it) {
    Dwarf_Die d = it->second, p;
    if (peel(&d, &p) && dwarf_tag(&p) == DW_TAG_enumeration_type) return enumerators(&p);
  }
  return std::nullopt;
}

std::optional<std::pair<std::uint64_t, std::uint64_t>> DwarfIndex::variable(const std::string& name) {
  for (auto [it, end] = variables_.equal_range(name); it != end; ++it) {
    Dwarf_Die d = it->second;
    Dwarf_Attribute a;
    Dwarf_Op* ops = nullptr;
    std::size_t n = 0;
    if (dwarf_attr(&d, DW_AT_location, &a) == nullptr || dwarf_getlocation(&a, &ops, &n) != 0) continue;
    Dwarf_Die type, peeled;
    if (n != 1 || ops[0].atom != DW_OP_addr || !type_of(&d, &type) || !peel(&type, &peeled)) continue;
    std::uint64_t count = 1;
    if (dwarf_tag(&peeled) == DW_TAG_array_type) {
      for (auto dim : array_dims(&peeled)) count *= dim;
    }
    return std::make_pair(std::uint64_t{ops[0].number}, count);
  }
  return std::nullopt;
}

}  // namespace glibc_layout
