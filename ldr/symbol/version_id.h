// SPDX-License-Identifier: MIT
// Process-wide small ids for version names ("GLIBC_2.2.5", "LLVM_14"): two
// VersionEntry records name the same version exactly when their ids are
// equal, so a lookup compares two integers instead of two strings, and the
// lookup memo keys its questions by id. An entry's id is found once (a scan
// of the names seen so far, by hash first) and kept in the entry. Ids are
// never reused; there are at most kMaxVersionIds of them (a process rarely
// sees a hundred; past the last id, names are compared as strings and the
// memo does not hold answers for them).
#pragma once

#include <cstdint>

namespace ldr {

struct VersionEntry;

constexpr uint32_t kMaxVersionIds = 255;

// The id of v's name (1 …), or 0 once the ids ran out.
uint32_t version_id(const VersionEntry& v);

}  // namespace ldr
