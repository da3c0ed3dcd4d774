// SPDX-License-Identifier: MIT
// Group prefetching for memo lookups (reloc/relocate.cc): before a run of
// relocations is applied, the questions its symbolic entries will ask the
// memo are prepared in phases over the whole group, each phase issuing the
// loads the next one needs as prefetches — the referring symbol, its name,
// the memo's slot, the definition the slot names, that definition's name —
// so a group's cache misses overlap instead of following one another.
// Each name is hashed once: the prepared query goes with its relocation to
// resolve(). Only for a scope whose tables do not fit the caches (the
// misses it hides cost more than its own instructions); reads what
// resolve() would read, validated the same way, and writes nothing but the
// group.
#pragma once

#include <cstdint>

#include "elf/types.h"
#include "symbol/memo.h"

namespace ldr {

struct VersionEntry;

// One symbolic relocation's prepared question.
struct Prepared {
  uint64_t reloc;  // its index in the table
  uint32_t idx;    // its symbol
  bool memo;       // q is prepared for the memo (memo_prepare said yes)
  const VersionEntry* version;
  MemoQuery q;     // name, hash and length (always), memo tag and check (when memo)
};

constexpr uint32_t kLookaheadGroup = 16;  // relocations scanned for one group

// The scope's symbol and string tables from which lookahead pays: synth-200
// (18 MiB of tables) runs 15-20 % faster with it. synth-50 (4 MiB) gains
// 10 % too, but pays ~190 instructions a symbolic relocation for it, over
// issue 6's 500 (docs/benchmarks.md, session 6). LDR_LOOKAHEAD=0/1 overrides.
constexpr uint64_t kLookaheadMinBytes = uint64_t{8} << 20;

// Prefetches every load an access of `p` will need, without waiting for it.
inline void prefetch(const void* p) { asm volatile("prefetcht0 %0" ::"m"(*static_cast<const char*>(p))); }

}  // namespace ldr
