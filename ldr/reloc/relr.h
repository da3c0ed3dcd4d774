// SPDX-License-Identifier: MIT
// DT_RELR decoding (gABI proposal, as in binutils 2.38+ and lld): an address
// entry (even) names one place and starts a run; a bitmap entry (odd) names
// up to 63 places after it. Header-only and global-free, so self-relocation
// can use it before any relocation is applied.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ldr::reloc {

// Calls place(vaddr) for every relocated place; stops early when it returns false.
template <typename F>
inline bool for_each_relr(const uint64_t* relr, size_t count, F&& place) {
  uint64_t where = 0;
  for (size_t i = 0; i < count; ++i) {
    uint64_t entry = relr[i];
    if ((entry & 1) == 0) {
      where = entry;
      if (!place(where)) return false;
      where += 8;
    } else {
      uint64_t at = where;
      for (uint64_t bits = entry >> 1; bits != 0; bits >>= 1, at += 8)
        if ((bits & 1) != 0 && !place(at)) return false;
      where += 63 * 8;
    }
  }
  return true;
}

}  // namespace ldr::reloc
