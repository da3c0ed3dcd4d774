// SPDX-License-Identifier: MIT
// glibc-layout-gen: reads ld.so/libc/libm build-ids, finds their libc6-dbg
// debug files and writes ldr's generated glibc_layout.h (hosted, build time
// only). It never guesses a layout: a missing debug file is a hard error.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

#include "elf_file.h"
#include "model.h"

namespace glibc_layout {
namespace {

struct TypeSpec {
  const char* ns;
  const char* spec;  // for DwarfIndex::layout
  const char* c_type;
  bool from_libc;
  bool required;
};

constexpr TypeSpec kTypes[] = {
    {"rtld_global", "struct rtld_global", "struct rtld_global", false, true},
    {"rtld_global_ro", "struct rtld_global_ro", "struct rtld_global_ro", false, true},
    {"link_namespaces", "struct link_namespaces", "struct link_namespaces", false, true},
    {"link_map", "struct link_map", "struct link_map", false, true},
    {"r_debug", "struct r_debug", "struct r_debug", false, false},
    {"r_debug_extended", "struct r_debug_extended", "struct r_debug_extended", false, true},
    {"r_found_version", "struct r_found_version", "struct r_found_version", false, true},
    {"r_scope_elem", "struct r_scope_elem", "struct r_scope_elem", false, true},
    {"r_search_path_struct", "struct r_search_path_struct", "struct r_search_path_struct", false, true},
    {"r_search_path_elem", "struct r_search_path_elem", "struct r_search_path_elem", false, false},
    {"libname_list", "struct libname_list", "struct libname_list", false, true},
    {"link_map_machine", "struct link_map_machine", "struct link_map_machine", false, false},
    {"auditstate", "struct auditstate", "struct auditstate", false, false},
    {"dtv_slotinfo_list", "struct dtv_slotinfo_list", "struct dtv_slotinfo_list", false, true},
    {"dtv_slotinfo", "struct dtv_slotinfo", "struct dtv_slotinfo", false, true},
    {"dtv_t", "typedef dtv_t", "dtv_t", false, false},
    {"cpu_features", "struct cpu_features", "struct cpu_features", false, true},
    {"cpu_features_basic", "struct cpu_features_basic", "struct cpu_features_basic", false, false},
    {"cpuid_feature_internal", "struct cpuid_feature_internal", "struct cpuid_feature_internal", false, false},
    {"cpuid_registers", "struct cpuid_registers", "struct cpuid_registers", false, false},
    {"tunable_t", "typedef tunable_t", "tunable_t", false, true},
    {"tunable_val_t", "typedef tunable_val_t", "tunable_val_t", false, true},
    {"pthread", "struct pthread", "struct pthread", true, true},
    {"tcbhead_t", "typedef tcbhead_t", "tcbhead_t", true, true},
    {"robust_list_head", "struct robust_list_head", "struct robust_list_head", true, true},
    {"rseq", "struct rseq", "struct rseq", true, false},
    {"list_head", "struct list_head", "struct list_head", true, true},
};

// Enums located by one of their enumerators.
constexpr const char* kEnums[][2] = {
    {"lt_executable", "link_map.l_type"},
    {"lc_property_unknown", "link_map.l_property"},
    {"nonexisting", "enum r_dir_status (r_search_path_elem.status)"},
    {"dso_sort_algorithm_original", "enum dso_sort_algorithm (rtld_global_ro._dl_dso_sort_algo)"},
    {"RT_CONSISTENT", "r_debug.r_state"},
    {"TUNABLE_TYPE_INT_32", "tunable_type_code_t"},
    {"TUNABLE_SECLEVEL_SXID_ERASE", "tunable_seclevel_t"},
    {"CPUID_INDEX_1", "enum cpuid_index"},
    {"arch_kind_unknown", "enum cpu_features_kind"},
    {"RSEQ_CPU_ID_UNINITIALIZED", "enum rseq_cpu_id_state"},
    {"RSEQ_FLAG_UNREGISTER", "enum rseq_flags"},
};

struct Args {
  std::map<std::string, std::string> v{{"--debug-root", "/usr/lib/debug"}};
  std::string get(const std::string& k) const {
    auto it = v.find(k);
    if (it == v.end()) throw std::runtime_error("missing " + k);
    return it->second;
  }
};

void parse_banner(const std::string& bytes, Model& m) {
  auto p = bytes.find("GNU C Library (");
  if (p == std::string::npos) return;
  auto e = bytes.find_first_of(std::string("\n\0", 2), p);
  std::string banner = bytes.substr(p, e - p);
  auto open = banner.find('('), close = banner.find(')');
  m.glibc_package = banner.substr(open + 1, close - open - 1);
  auto rv = banner.find("release version ");
  if (rv != std::string::npos) {
    m.glibc_version = banner.substr(rv + 16);
    while (!m.glibc_version.empty() && m.glibc_version.back() == '.') m.glibc_version.pop_back();
  }
}

bool same_layout(const Layout& a, const Layout& b) {
  if (a.size != b.size || a.fields.size() != b.fields.size()) return false;
  for (std::size_t i = 0; i < a.fields.size(); ++i) {
    auto &x = a.fields[i], &y = b.fields[i];
    if (x.name != y.name || x.offset != y.offset || x.size != y.size || x.count != y.count ||
        x.bit_offset != y.bit_offset || x.bit_size != y.bit_size) {
      return false;
    }
  }
  return true;
}

int run(const Args& args) {
  Model m{"unknown", "unknown", {}, {}, {}, {}, {}};
  const std::pair<const char*, const char*> roles[] = {{"ld_so", "--ld-so"}, {"libc", "--libc"}, {"libm", "--libm"}};
  std::vector<std::unique_ptr<ElfFile>> files;
  for (auto [ns, opt] : roles) {
    files.push_back(std::make_unique<ElfFile>(std::filesystem::canonical(args.get(opt)).string()));
  }
  parse_banner(files[1]->contents(), m);
  std::string debug_root = args.get("--debug-root");
  for (std::size_t i = 0; i < files.size(); ++i) {
    ObjectId id{roles[i].first, files[i]->path(), "", files[i]->build_id()};
    id.debug_path = debug_path_for(debug_root, id.build_id);
    if (!std::filesystem::exists(id.debug_path)) {
      throw std::runtime_error("no debug file for " + id.path + " (build-id " + hex(id.build_id) + "): expected " +
                               id.debug_path + "; install libc6-dbg matching glibc " + m.glibc_version + " (" +
                               m.glibc_package + ")");
    }
    if (ElfFile(id.debug_path).build_id() != id.build_id) {
      throw std::runtime_error(id.debug_path + " does not carry build-id " + hex(id.build_id));
    }
    m.objects.push_back(id);
  }
  DwarfIndex ldso(m.objects[0].debug_path), libc(m.objects[1].debug_path);
  for (auto& t : kTypes) {
    StructOut s{t.ns, t.c_type, t.from_libc ? "libc" : "ld.so", false, false, false, {}};
    auto mine = (t.from_libc ? libc : ldso).layout(t.spec);
    auto other = (t.from_libc ? ldso : libc).layout(t.spec);
    if (!mine && t.required) throw std::runtime_error(std::string("type not found in DWARF: ") + t.spec);
    if (mine) {
      s.present = true;
      s.layout = *mine;
      s.in_both = other.has_value();
      s.views_agree = other && same_layout(*mine, *other);
      if (other && !s.views_agree) std::fprintf(stderr, "glibc-layout: warning: ld.so and libc disagree on %s\n", t.spec);
    }
    m.structs.push_back(std::move(s));
  }
  for (auto& e : kEnums) {
    auto v = ldso.enum_with(e[0]);
    const char* src = "ld.so";
    if (!v) {
      v = libc.enum_with(e[0]);
      src = "libc";
    }
    if (v) {
      m.enums.push_back({e[1], src, *v});
    } else {
      m.missing_enums.push_back(e[0]);
    }
  }
  m.tunables = read_tunables(ldso, *files[0]);
  std::string out = args.get("--output");
  std::ofstream(out + ".tmp") << render_header(m);
  std::filesystem::rename(out + ".tmp", out);
  if (args.v.count("--depfile")) {
    std::ofstream d(args.get("--depfile"));
    d << out << ":";
    for (auto& ob : m.objects) d << " " << ob.path << " " << ob.debug_path;
    d << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace glibc_layout

int main(int argc, char** argv) {
  glibc_layout::Args args;
  for (int i = 1; i + 1 < argc; i += 2) args.v[argv[i]] = argv[i + 1];
  if (argc < 2 || argc % 2 == 0) {
    std::fprintf(stderr,
                 "usage: glibc-layout-gen --ld-so PATH --libc PATH --libm PATH --output FILE\n"
                 "                        [--debug-root /usr/lib/debug] [--depfile FILE]\n");
    return 2;
  }
  try {
    return glibc_layout::run(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "glibc-layout: error: %s\n", e.what());
    return 1;
  }
}
