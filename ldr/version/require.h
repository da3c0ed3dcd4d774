// SPDX-License-Identifier: MIT
// Amiga-style minimum versions (docs/version-notes.md): what an object
// requires of a dependency (its NT_LDR_REQUIRE notes), what a candidate
// provides (its NT_LDR_LIBVERSION note, read from the file before mapping),
// and the message when nothing satisfies:
//   "libfoo.so.1: version 3.5 or later required by ./prog; found PATH (version 2.1)".
#pragma once

#include <cstddef>
#include <cstdint>

#include "diag/diag.h"
#include "elf/note.h"

namespace ldr {

struct Module;
struct OpenedFile;

struct ProvidedVersion {
  bool present = false;  // the object has a version note
  uint32_t version = 0, revision = 0;
};

// requester's merged requirement for `soname`; false when it has none.
bool requirement_for(const Module& requester, const char* soname, elf::LdrRequire* out);

// The version note of a mapped module, or of an opened (unmapped) file.
ProvidedVersion module_version(const Module& m);
ProvidedVersion file_version(const OpenedFile& f);

bool satisfies(const ProvidedVersion& have, const elf::LdrRequire& need);

// The candidates a search rejected, for the final message.
struct Rejections {
  char text[768] = {};
  size_t length = 0;
  // Where each rejected path that fitted whole lies in text.
  static constexpr uint32_t kMaxPaths = 24;
  uint16_t path_at[kMaxPaths] = {};
  uint16_t path_length[kMaxPaths] = {};
  uint32_t paths = 0;

  void add(const char* path, const ProvidedVersion& have);
  // Whether `path` was rejected already (a later candidate list, e.g. the
  // directories after the cache, names it again).
  bool contains(const char* path) const;
};

// Records the negotiation failure in diag (status 127); `rejected` names
// the candidates found too old (nullptr: none).
void fail_requirement(Diag& diag, const char* soname, const elf::LdrRequire& need,
                      const char* requester, const Rejections* rejected);

// A weak requirement (LDR_REQUIRE_F_WEAK) nothing satisfied: one warning line
//   "PROG: warning: libfoo.so.1: version 3.5 or later requested by ./prog
//    (weak requirement); using PATH (version 2.1)"
// and the object is used anyway.
void warn_weak_requirement(const char* progname, const char* soname, const elf::LdrRequire& need,
                           const char* requester, const char* path, const ProvidedVersion& have);

}  // namespace ldr
