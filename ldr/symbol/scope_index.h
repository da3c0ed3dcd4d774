// SPDX-License-Identifier: MIT
// The scope index: for a long global scope, which members may define a name,
// from two bits of its GNU hash, without testing each member's bloom filter
// (a walk over 50 members costs ~1 200 instructions; the index a few dozen).
// A bit-sliced filter: for each of 8 192 positions a bit set over the scope,
// bit i set when member i defines a symbol whose hash selects that position.
// A member with many symbols (it would fill most positions) or no GNU hash
// table is a candidate for every name. Candidates are a superset of the
// definers, in scope order; lookup still tests each. Must not be used while
// tracing symbol lookups (glibc lists every member searched).
#pragma once

#include <cstdint>

namespace ldr {

struct Runtime;

struct ScopeIndex {
  uint32_t words;          // 64-bit words per position: ceil(scope_count / 64)
  const uint64_t* bits;    // [kScopeIndexPositions][words]
  const uint64_t* always;  // [words]: members searched for every name
};

constexpr uint32_t kScopeIndexPositions = 8192;
constexpr uint32_t kScopeIndexMinMembers = 24;  // shorter scopes walk their blooms

// The index of rt's global scope, rebuilt when the scope changed; nullptr
// for a short scope or when memory ran out (then walk the scope).
const ScopeIndex* scope_index(Runtime& rt);

// The candidate word w for a GNU hash: members w*64 … w*64+63.
inline uint64_t scope_index_candidates(const ScopeIndex& x, uint32_t gnu_hash, uint32_t w) {
  uint32_t h = gnu_hash >> 1;  // GNU hash chains keep 31 bits of a symbol's hash
  const uint64_t* a = x.bits + uint64_t{h % kScopeIndexPositions} * x.words;
  const uint64_t* b = x.bits + uint64_t{(h >> 13) % kScopeIndexPositions} * x.words;
  return (a[w] & b[w]) | x.always[w];
}

}  // namespace ldr
