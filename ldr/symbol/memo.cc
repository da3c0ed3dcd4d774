// SPDX-License-Identifier: MIT
// The lookup memo's table: open addressing with linear probing over 8-byte
// slots {check, value}. check = 20 bits of a mix of the name's GNU hash and
// length, and the 12-bit tag (version id << 2 | hidden << 1 | plt); value = scope index
// << 22 | symbol index (never 0: symbol 0 defines nothing, so 0 is empty).
// The slot index comes from the same 20 hash bits, so growing needs no
// rehash of names. A hit is confirmed by comparing the name with the
// definition's own and the tag exactly. Probes do not wrap around: the last
// slot is never filled, so a probe ends at an empty slot by then, and an
// answer that would not fit before it is not kept (a memo may forget) —
// which lets the table grow in place. The
// first table is small; it grows at 7/8 load (straight to the scope's
// expected size once the memo has shown it pays, else by doubling), keeping
// its pages (no allocation from the arena: the table moves with mremap).
// Tables are mapped populated: a probe reads a page before an insert writes
// it, and a read of an untouched page costs a fault of its own (the zero
// page) before the write's copy — every page is written in the end.
#include "symbol/memo.h"

#include "base/mem.h"
#include "base/sys.h"
#include "elf/dynamic.h"
#include "module/module.h"
#include "runtime.h"
#include "symbol/name_hash.h"
#include "symbol/version_id.h"

namespace ldr {

namespace {

constexpr uint32_t kTagBits = 12;
static_assert(kMaxVersionIds < (1u << (kTagBits - 2)), "a version id fits the tag");
constexpr uint32_t kSymbolBits = 22, kMaxScopeIndex = (1u << (32 - kSymbolBits)) - 1;
constexpr uint32_t kMaxCapacity = 1u << 20;  // slot index: 20 hash bits

struct Memo {
  uint64_t* slots = nullptr;
  uint32_t capacity = 0;  // a power of two, or 0
  uint32_t count = 0;
  ScopeStamp scope;  // the scope the answers belong to
  bool canonical_plt = false;  // some member has canonical PLT symbols (elf::has_canonical_plt)
  // Whether the memo pays for this scope: questions asked and answered, and
  // the verdict once a window of them was seen (see worth_asking).
  uint32_t asked = 0, answered = 0;
  bool given_up = false;
};
Memo g_memo;

// The GNU hash is 32 bits of multiply-and-add: spread over all 64 with the
// length and the tag by a multiplication whose top bits mix them all.
// Collisions cost only a name compare. The tag is in the mix too, so one
// name's versions and classes get homes of their own: probes do not wrap,
// and a run of them would reach the table's end.
uint32_t check_of(const MemoQuery& q) {
  uint64_t mixed = (uint64_t{q.key.hash} << 32 | (q.key.length ^ q.tag << 20)) * 0x9e3779b97f4a7c15;
  return static_cast<uint32_t>(mixed >> 44) << kTagBits | q.tag;
}

uint32_t home_of(uint32_t check, uint32_t capacity) { return (check >> kTagBits) & (capacity - 1); }

uint64_t* map_slots(uint32_t capacity) {
  long r = base::sys_mmap(nullptr, uint64_t{capacity} * 8, base::kProtRead | base::kProtWrite,
                          base::kMapPrivate | base::kMapAnonymous | base::kMapPopulate, -1, 0);
  return base::sys_failed(r) ? nullptr : reinterpret_cast<uint64_t*>(r);
}

void unmap_slots(uint64_t* slots, uint32_t capacity) {
  if (slots != nullptr) base::sys_munmap(slots, uint64_t{capacity} * 8);
}

// Puts an answer at or after its home; false when the table ends first.
// The last slot stays empty: a probe stops there without a bound check.
bool insert(uint64_t* slots, uint32_t capacity, uint64_t slot) {
  for (uint32_t i = home_of(static_cast<uint32_t>(slot >> 32), capacity); i < capacity - 1; ++i) {
    if (slots[i] == 0) {
      slots[i] = slot;
      return true;
    }
  }
  return false;
}

// A question costs a probe (the GNU hash is needed anyway), an answer saves a
// scope walk (several times more), a stored answer costs a slot: the memo
// pays when about half the questions are repeats (synth-50: 77 %), not when
// most names are asked once (cmake: 26 %, its answers 60 pages). Judged on
// each window of kWindow questions; once below, not asked again for this
// scope (what it holds stays valid). Real programs with long scopes (cmake,
// ctest, gdb, gnuplot, curl, perf) all give up in their first window.
constexpr uint32_t kWindow = 2048, kWorthPercent = 45;

// The next table's size. The first holds a whole first window's answers
// below 7/8 load (every question a miss: kWindow answers), so a scope that
// gives up in that window — most do — never grows it (8 pages). One that
// passed it grows straight to about 128 answers a member (synth-50: 6 400
// for 52 members, synth-200: 22 500 for 203) instead of populating every
// size on the way; past that, by doubling.
constexpr uint32_t kFirstCapacity = 2 * kWindow;
static_assert(kWindow * 8 <= kFirstCapacity * 7, "a first window's answers fit the first table");

uint32_t next_capacity(const Memo& m) {
  if (m.capacity == 0) return kFirstCapacity;
  uint32_t capacity = m.capacity * 2;
  if (m.asked < kWindow || m.given_up) return capacity;
  uint64_t want = uint64_t{m.scope.count} * 128;
  while (capacity < want && capacity < kMaxCapacity) capacity *= 2;
  return capacity;
}

// Moves every answer of a table that grew from `old` slots to `capacity` to
// its home there, in one pass from the bottom. A new home is the old one or
// lies above the old table (capacities are powers of two, homes are hash
// bits), and without wrap-around every position from an answer's old home
// up to where it sat is final when it is put back (moved, emptied, or this
// answer's own): so a probe never crosses an answer still to move, whose
// removal would cut a probe path. Returns the answers kept.
uint32_t rehome(uint64_t* slots, uint32_t old, uint32_t capacity) {
  uint32_t kept = 0;
  for (uint32_t i = 0; i < old; ++i) {
    uint64_t slot = slots[i];
    if (slot == 0) continue;
    slots[i] = 0;
    kept += insert(slots, capacity, slot) ? 1 : 0;
  }
  return kept;
}

// A bigger table with the same answers: grown in place by mremap, which
// keeps the pages the old one faulted (synth-50: 16 pages, not 8 + 16), the
// new part populated; else the old table copied into a new mapping. Either
// way the answers then move to their new homes (rehome).
bool grow(Memo& m, uint32_t capacity) {
  uint64_t old_bytes = uint64_t{m.capacity} * 8, bytes = uint64_t{capacity} * 8;
  uint64_t* slots;
  long r = base::sys_mremap(m.slots, old_bytes, bytes, base::kMremapMaymove);
  if (!base::sys_failed(r)) {
    slots = reinterpret_cast<uint64_t*>(r);
    base::sys_madvise(reinterpret_cast<char*>(slots) + old_bytes, bytes - old_bytes, base::kMadvPopulateWrite);
  } else {
    if ((slots = map_slots(capacity)) == nullptr) return false;
    __builtin_memcpy(slots, m.slots, old_bytes);
    unmap_slots(m.slots, m.capacity);
  }
  m.count = rehome(slots, m.capacity, capacity);
  m.slots = slots;
  m.capacity = capacity;
  return true;
}

// Room for one more answer: the first table, or the next size up.
bool make_room(Memo& m) {
  if (m.capacity != 0 && (m.count + 1) * 8 <= m.capacity * 7) return true;
  uint32_t capacity = next_capacity(m);
  if (capacity > kMaxCapacity) return false;
  if (m.capacity != 0) return grow(m, capacity);
  m.slots = map_slots(capacity);
  if (m.slots == nullptr) return false;
  m.capacity = capacity;
  return true;
}

// The answers of another scope are dropped (dlopen, dlclose, interposition
// set-up change it). The table is kept, cleared, for the new scope.
void follow_scope(Memo& m, const Runtime& rt) {
  if (m.scope.matches(rt)) return;
  if (m.count != 0) __builtin_memset(m.slots, 0, uint64_t{m.capacity} * 8);
  m.count = 0;
  m.asked = m.answered = 0;
  m.given_up = false;
  m.scope = ScopeStamp::of(rt);
  m.canonical_plt = false;
  for (uint32_t i = 0; i < rt.scope_count && !m.canonical_plt; ++i) {
    const Module& member = *rt.scope[i];
    if (member.canonical_plt < 0) member.canonical_plt = elf::has_canonical_plt(member.dyn) ? 1 : 0;
    m.canonical_plt = member.canonical_plt != 0;
  }
}

bool worth_asking(Memo& m) {
  if (m.given_up) return false;
  if (++m.asked % kWindow == 0) {
    m.given_up = m.answered * 100 < kWindow * kWorthPercent;
    m.answered = 0;
  }
  return !m.given_up;
}

// memo_prepare and memo_answer, inlined into memo_ask too.
[[gnu::always_inline]] inline bool prepare(const char* name, elf::HashedName key, const VersionEntry* version,
                                           bool plt, const Runtime& rt, MemoQuery* q) {
  const Memo& m = g_memo;
  // Another scope than memo_follow_scope saw: its answers' indexes may not fit this one.
  if (m.given_up || !m.scope.matches(rt)) return false;
  uint32_t id = 0;
  if (version != nullptr && (id = version_id(*version)) == 0) return false;
  bool hidden = version != nullptr && version->hidden;
  if (key.length == kLengthUnknown) key.length = symbol_name_length(name);  // the key needs it
  q->name = name;
  q->key = key;
  q->tag = id << 2 | uint32_t{hidden} << 1 | uint32_t{plt && m.canonical_plt};
  q->check = check_of(*q);
  return true;
}

// The next slot from i on (i a probe position: the table's last slot is
// always empty) whose check word is `check`, or nullptr at the probe's end.
[[gnu::always_inline]] inline const uint64_t* next_with_check(const Memo& m, uint32_t i, uint32_t check) {
  for (;; ++i) {
    uint64_t slot = m.slots[i];
    if (slot == 0) return nullptr;
    if (static_cast<uint32_t>(slot >> 32) == check) return &m.slots[i];
  }
}

// The definition a slot names.
[[gnu::always_inline]] inline Definition slot_definition(const Runtime& rt, uint64_t slot) {
  auto value = static_cast<uint32_t>(slot);
  const Module* def = rt.scope[value >> kSymbolBits];
  return Definition{def, &def->dyn.symtab[value & ((1u << kSymbolBits) - 1)]};
}

[[gnu::always_inline]] inline MemoAnswer answer(const MemoQuery& q, const Runtime& rt, Definition* out) {
  Memo& m = g_memo;
  if (!worth_asking(m)) return MemoAnswer::kNotAsked;
  if (m.count == 0) return MemoAnswer::kUnknown;
  for (const uint64_t* s = next_with_check(m, home_of(q.check, m.capacity), q.check); s != nullptr;
       s = next_with_check(m, static_cast<uint32_t>(s - m.slots) + 1, q.check)) {
    Definition d = slot_definition(rt, *s);
    if (strtab_name_is(*d.module, d.sym->st_name, q.name, q.key.length)) {
      *out = d;
      ++m.answered;
      return MemoAnswer::kKnown;
    }
  }
  return MemoAnswer::kUnknown;
}

}  // namespace

void memo_follow_scope(const Runtime& rt) { follow_scope(g_memo, rt); }

bool memo_prepare(const char* name, elf::HashedName key, const VersionEntry* version, bool plt,
                  const Runtime& rt, MemoQuery* q) {
  return prepare(name, key, version, plt, rt, q);
}

MemoAnswer memo_answer(const MemoQuery& q, const Runtime& rt, Definition* out) { return answer(q, rt, out); }

MemoAnswer memo_ask(const char* name, elf::HashedName key, const VersionEntry* version, bool plt,
                    const Runtime& rt, MemoQuery* q, Definition* out) {
  return prepare(name, key, version, plt, rt, q) ? answer(*q, rt, out) : MemoAnswer::kNotAsked;
}

const void* memo_home(const MemoQuery& q) {
  const Memo& m = g_memo;
  return m.count == 0 ? nullptr : &m.slots[home_of(q.check, m.capacity)];
}

Definition memo_candidate(const MemoQuery& q, const Runtime& rt) {
  const Memo& m = g_memo;
  if (m.count == 0) return {};
  const uint64_t* s = next_with_check(m, home_of(q.check, m.capacity), q.check);
  return s != nullptr ? slot_definition(rt, *s) : Definition{};
}

void memo_store(Runtime& rt, const MemoQuery& q, uint32_t scope_index, uint32_t sym_index) {
  Memo& m = g_memo;
  if (scope_index > kMaxScopeIndex || sym_index == 0 || sym_index >= (1u << kSymbolBits)) return;
  if (!m.scope.matches(rt) || !make_room(m)) return;
  if (insert(m.slots, m.capacity, uint64_t{q.check} << 32 | scope_index << kSymbolBits | sym_index)) ++m.count;
}

}  // namespace ldr
