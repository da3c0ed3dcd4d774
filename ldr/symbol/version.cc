// SPDX-License-Identifier: MIT
// Version tables and the needed-version check.
#include "symbol/version.h"

#include "base/fmt.h"
#include "base/mem.h"
#include "diag/trace.h"
#include "elf/hash.h"
#include "module/load.h"
#include "runtime.h"

namespace ldr {

namespace {

const elf::Elf64_Verdef* next_verdef(const elf::Elf64_Verdef* vd) {
  return reinterpret_cast<const elf::Elf64_Verdef*>(reinterpret_cast<const char*>(vd) + vd->vd_next);
}
const elf::Elf64_Verneed* next_verneed(const elf::Elf64_Verneed* vn) {
  return reinterpret_cast<const elf::Elf64_Verneed*>(reinterpret_cast<const char*>(vn) + vn->vn_next);
}
const elf::Elf64_Vernaux* first_aux(const elf::Elf64_Verneed* vn) {
  return reinterpret_cast<const elf::Elf64_Vernaux*>(reinterpret_cast<const char*>(vn) + vn->vn_aux);
}
const elf::Elf64_Vernaux* next_aux(const elf::Elf64_Vernaux* va) {
  return reinterpret_cast<const elf::Elf64_Vernaux*>(reinterpret_cast<const char*>(va) + va->vna_next);
}
const elf::Elf64_Verdaux* def_aux(const elf::Elf64_Verdef* vd) {
  return reinterpret_cast<const elf::Elf64_Verdaux*>(reinterpret_cast<const char*>(vd) + vd->vd_aux);
}

// Does `def` define version `name` (hash `hash`)?
bool defines_version(const Module& def, const char* name, uint32_t hash) {
  const elf::Elf64_Verdef* vd = def.dyn.verdef;
  for (uint32_t i = 0; i < def.dyn.verdef_count; ++i, vd = next_verdef(vd)) {
    if (vd->vd_hash == hash && base::str_eq(def.dyn.strtab + def_aux(vd)->vda_name, name))
      return true;
  }
  return false;
}

}  // namespace

bool build_versions(Runtime& rt, Diag& diag, Module* m) {
  const elf::DynamicInfo& d = m->dyn;
  if (d.verdef == nullptr && d.verneed == nullptr) return true;
  uint32_t max = 0;
  const elf::Elf64_Verdef* vd = d.verdef;
  for (uint32_t i = 0; i < d.verdef_count; ++i, vd = next_verdef(vd))
    if ((vd->vd_ndx & elf::VERSYM_VERSION) > max) max = vd->vd_ndx & elf::VERSYM_VERSION;
  const elf::Elf64_Verneed* vn = d.verneed;
  for (uint32_t i = 0; i < d.verneed_count; ++i, vn = next_verneed(vn)) {
    const elf::Elf64_Vernaux* va = first_aux(vn);
    for (uint32_t j = 0; j < vn->vn_cnt; ++j, va = next_aux(va))
      if ((va->vna_other & elf::VERSYM_VERSION) > max) max = va->vna_other & elf::VERSYM_VERSION;
  }
  m->version_count = max + 1;
  m->versions = rt.arena.make_array<VersionEntry>(m->version_count);
  if (m->versions == nullptr) {
    diag.fail(kOccasionLoad, m->display_name(), {"cannot allocate version reference table"});
    return false;
  }
  vn = d.verneed;
  for (uint32_t i = 0; i < d.verneed_count; ++i, vn = next_verneed(vn)) {
    const elf::Elf64_Vernaux* va = first_aux(vn);
    for (uint32_t j = 0; j < vn->vn_cnt; ++j, va = next_aux(va)) {
      VersionEntry& e = m->versions[va->vna_other & elf::VERSYM_VERSION];
      e.name = d.strtab + va->vna_name;
      e.hash = va->vna_hash;
      e.hidden = (va->vna_other & elf::VERSYM_HIDDEN) != 0;
      e.filename = d.strtab + vn->vn_file;
    }
  }
  vd = d.verdef;
  for (uint32_t i = 0; i < d.verdef_count; ++i, vd = next_verdef(vd)) {
    // glibc: the base version (the soname) is not available for matching.
    if ((vd->vd_flags & elf::VER_FLG_BASE) != 0) continue;
    VersionEntry& e = m->versions[vd->vd_ndx & elf::VERSYM_VERSION];
    e.name = d.strtab + def_aux(vd)->vda_name;
    e.hash = vd->vd_hash;
    e.filename = nullptr;
  }
  return true;
}

namespace {

// glibc's print_missing_version (the start-up receiver): "PROG: FILE: MESSAGE",
// after the debug categories' "(continued)" line.
void report_version_problem(const Runtime& rt, const Module& def, std::initializer_list<const char*> message) {
  diag::trace_lookup_error(def.display_name(), "version lookup error", message, true);
  base::FdWriter w(2);
  w.str(rt.progname).str(": ").str(def.display_name()).str(": ");
  for (const char* part : message) w.str(part);
  w.nl();
}

}  // namespace

bool check_versions(Runtime& rt, Diag& diag, Module* m, bool at_startup) {
  bool ok = true;
  const elf::DynamicInfo& d = m->dyn;
  const elf::Elf64_Verneed* vn = d.verneed;
  for (uint32_t i = 0; i < d.verneed_count; ++i, vn = next_verneed(vn)) {
    const char* file = d.strtab + vn->vn_file;
    const Module* def = find_loaded(rt, file);
    if (def == nullptr || def->missing) continue;  // reported as a missing object already
    const elf::Elf64_Vernaux* va = first_aux(vn);
    for (uint32_t j = 0; j < vn->vn_cnt; ++j, va = next_aux(va)) {
      const char* name = d.strtab + va->vna_name;
      if (diag::tracing(diag::kTraceVersions)) {
        diag::TraceLine().str("checking for version `").str(name).str("' in file ")
            .str(def->display_name()).str(def->ns_tag()).str(" required by file ").str(m->display_name())
            .str(m->ns_tag());
      }
      if (def->dyn.verdef == nullptr) {  // an unversioned object: accepted, reported at start-up
        if (at_startup) report_version_problem(rt, *def, {"no version information available (required by ",
                                                          m->display_name(), ")"});
        continue;
      }
      if (defines_version(*def, name, va->vna_hash)) continue;
      if ((va->vna_flags & elf::VER_FLG_WEAK) != 0) {
        if (at_startup)
          report_version_problem(rt, *def, {"weak version `", name, "' not found (required by ", m->display_name(), ")"});
        continue;
      }
      if (at_startup) {
        report_version_problem(rt, *def, {"version `", name, "' not found (required by ", m->display_name(), ")"});
        ok = false;
        continue;
      }
      diag::trace_lookup_error(def->display_name(), "version lookup error",
                               {"version `", name, "' not found (required by ", m->display_name(), ")"}, false);
      diag.fail("", def->display_name(), {"version `", name, "' not found (required by ",
                                         m->display_name(), ")"});
      return false;
    }
  }
  return ok;
}

void print_version_information(Runtime& rt) {
  base::FdWriter w(1);
  bool first = true;
  for (const Module* m = rt.first; m != nullptr; m = m->next) {
    const elf::DynamicInfo& d = m->dyn;
    if (m->missing || m->kind == ModuleKind::kVdso || d.verneed == nullptr) continue;
    if (first) w.str("\n\tVersion information:\n");
    first = false;
    w.ch('\t').str(m->display_name()).str(":\n");
    const elf::Elf64_Verneed* vn = d.verneed;
    for (uint32_t i = 0; i < d.verneed_count; ++i, vn = next_verneed(vn)) {
      const char* file = d.strtab + vn->vn_file;
      const Module* def = find_loaded(rt, file);
      if (def != nullptr && def->missing) def = nullptr;
      const elf::Elf64_Vernaux* va = first_aux(vn);
      for (uint32_t j = 0; j < vn->vn_cnt; ++j, va = next_aux(va)) {
        const char* name = d.strtab + va->vna_name;
        // glibc's match_version: any of the provider's version names, by name.
        bool provided = false;
        const elf::Elf64_Verdef* vd = def != nullptr ? def->dyn.verdef : nullptr;
        for (uint32_t k = 0; vd != nullptr && k < def->dyn.verdef_count && !provided; ++k, vd = next_verdef(vd))
          provided = base::str_eq(def->dyn.strtab + def_aux(vd)->vda_name, name);
        w.str("\t\t").str(file).str(" (").str(name).str(") ");
        if ((va->vna_flags & elf::VER_FLG_WEAK) != 0) w.str("[WEAK] ");
        w.str("=> ").str(provided ? def->display_name() : "not found").nl();
      }
    }
  }
}

}  // namespace ldr
