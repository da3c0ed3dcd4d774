// SPDX-License-Identifier: MIT
// Group prefetching for lookups (reloc/relocate.cc): before a run of
// relocations is applied, the questions its symbolic entries will ask the
// memo are prepared in phases over the whole group, each phase issuing the
// loads the next one needs as prefetches — the referring symbol, its name,
// the memo's slot, the definition the slot names, that definition's name;
// for a question the memo cannot answer, the full lookup's walk
// (symbol/lookup.h prefetch_lookups: scope index, blooms, buckets, chains,
// names) — so a group's cache misses overlap instead of following one
// another. Each name is hashed once: the prepared query goes with its
// relocation to resolve(). Only for a scope whose tables do not fit the caches (the
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
  bool plt;        // a JUMP_SLOT's question (glibc's PLT class)
  bool memo;       // q is prepared for the memo (memo_prepare said yes)
  const VersionEntry* version;
  MemoQuery q;     // name, hash and length (always), memo tag and check (when memo)
};

// A referring name's bytes fetched before its length is known (hashing
// reads them all): C++ names of up to ~120 characters, the NUL included.
constexpr unsigned long kNameBytesAhead = 127;

constexpr uint32_t kLookaheadGroup = 32;  // relocations scanned for one group (16: 4 % slower, 64: as 32)

// The scope's symbol and string tables from which lookahead pays: synth-200
// (18 MiB of tables) relocates ~35 % faster with it. synth-50 (4 MiB) gains
// ~15 % too, but pays ~234 instructions a symbolic relocation for it (715),
// over issue 6's 500 (docs/benchmarks.md, session 6); cmake (1.7 MiB) runs
// 4 % slower with it. LDR_LOOKAHEAD=0/1 overrides.
constexpr uint64_t kLookaheadMinBytes = uint64_t{8} << 20;

}  // namespace ldr
