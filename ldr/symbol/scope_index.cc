// SPDX-License-Identifier: MIT
// Building the scope index from each member's GNU hash chain, which holds
// every defined symbol's hash (31 bits of it): no names, no symbol table.
// The bit array is mapped anew when the scope grows past it, and cleared
// and refilled when the scope changes. Runs under the loader lock.
#include "symbol/scope_index.h"

#include "base/sys.h"
#include "elf/hash.h"
#include "module/module.h"
#include "runtime.h"

namespace ldr {

namespace {

// More symbols than this fill over a fifth of the positions: always search.
constexpr uint32_t kMaxIndexedSymbols = kScopeIndexPositions / 8;

// Scopes of up to 1 024 members are indexed (16 words a position); the
// members searched for every name (`always`) are kept apart from the bit
// array, which is then exactly 16 pages a word.
constexpr uint32_t kMaxWords = 16;

struct Built {
  ScopeIndex index{};
  uint64_t* bits = nullptr;
  uint64_t bytes = 0;  // mapped for bits
  uint64_t always[kMaxWords] = {};
  ScopeStamp built;  // bits hold this scope (a null scope: none yet, or being rebuilt)
};
Built g_index;

bool map_for(Built& b, uint32_t words) {
  uint64_t bytes = uint64_t{kScopeIndexPositions} * words * 8;
  __builtin_memset(b.always, 0, sizeof b.always);
  if (bytes <= b.bytes) {
    __builtin_memset(b.bits, 0, bytes);
    return true;
  }
  if (b.bits != nullptr) base::sys_munmap(b.bits, b.bytes);
  long r = base::sys_mmap(nullptr, bytes, base::kProtRead | base::kProtWrite,
                          base::kMapPrivate | base::kMapAnonymous | base::kMapPopulate, -1, 0);
  if (base::sys_failed(r)) {
    b.bits = nullptr;
    b.bytes = 0;
    return false;
  }
  b.bits = reinterpret_cast<uint64_t*>(r);
  b.bytes = bytes;
  return true;
}

void add_member(Built& b, uint32_t i, const Module& m) {
  uint32_t words = b.index.words;
  uint64_t bit = uint64_t{1} << (i % 64);
  uint64_t* always = b.always;
  const uint32_t* h = m.dyn.gnu_hash;
  uint32_t symoffset = h != nullptr ? h[1] : 0;
  if (h == nullptr || m.dyn.gnu_count - symoffset > kMaxIndexedSymbols) {
    always[i / 64] |= bit;
    return;
  }
  const uint32_t* chain = elf::GnuHashView(h).chain;
  for (uint32_t k = 0; k < m.dyn.gnu_count - symoffset; ++k) {
    uint32_t v = chain[k] >> 1;
    b.bits[uint64_t{v % kScopeIndexPositions} * words + i / 64] |= bit;
    b.bits[uint64_t{(v >> 13) % kScopeIndexPositions} * words + i / 64] |= bit;
  }
}

}  // namespace

const ScopeIndex* scope_index(Runtime& rt) {
  Built& b = g_index;
  if (rt.scope_count < kScopeIndexMinMembers || rt.scope_count > kMaxWords * 64) return nullptr;
  if (b.bits != nullptr && b.built.matches(rt)) return &b.index;
  b.built = ScopeStamp{};
  uint32_t words = (rt.scope_count + 63) / 64;
  if (!map_for(b, words)) return nullptr;
  b.index = ScopeIndex{words, b.bits, b.always};
  for (uint32_t i = 0; i < rt.scope_count; ++i) add_member(b, i, *rt.scope[i]);
  b.built = ScopeStamp::of(rt);
  return &b.index;
}

}  // namespace ldr
