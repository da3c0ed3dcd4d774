// SPDX-License-Identifier: MIT
// Symbol versioning: each module's version table (glibc's l_versions, built
// from DT_VERDEF and DT_VERNEED) and the start-up check that every needed
// version is defined by the object that should define it.
#pragma once

#include "diag/diag.h"
#include "module/module.h"

namespace ldr {

struct Runtime;
struct Module;

// The version a reference to m's symbol idx needs, or nullptr (inline: on
// the path of every cold relocation).
inline const VersionEntry* needed_version(const Module& m, uint32_t idx) {
  if (m.dyn.versym == nullptr) return nullptr;
  uint32_t ndx = m.dyn.versym[idx] & elf::VERSYM_VERSION;
  if (ndx < 2 || ndx >= m.version_count || m.versions[ndx].name == nullptr) return nullptr;
  return &m.versions[ndx];
}

// Builds m->versions from its verdef and verneed tables (validated by elf/dynamic).
[[nodiscard]] bool build_versions(Runtime& rt, Diag& diag, Module* m);

// Checks every version m needs against the objects it names (glibc
// elf/dl-version.c). A missing non-weak version is an error:
// "FILE: version `V' not found (required by REQUESTER)".
//
// `at_startup` (glibc's start-up check, verbose and through a receiver):
// every problem is reported and the check goes on — "PROG: FILE: version
// `V' not found (required by R)", "weak version `V' not found", "no version
// information available" for an object without version definitions — on
// stderr; the result says whether a required version was missing (diag is
// not set). Otherwise (a dlopen) the first missing version fails the check
// through diag, and weak or unversioned providers pass silently.
[[nodiscard]] bool check_versions(Runtime& rt, Diag& diag, Module* m, bool at_startup = false);

// LD_VERBOSE with LD_TRACE_LOADED_OBJECTS (ldd -v; glibc rtld.c): after "Version
// information:", each loaded object's needed versions, "\t\tFILE (VERSION)
// => PATH" or "=> not found" ("[WEAK] " before "=>" for a weak one).
void print_version_information(Runtime& rt);

}  // namespace ldr
