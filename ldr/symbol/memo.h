// SPDX-License-Identifier: MIT
// The lookup memo: the global scope's answer to each (name, version, PLT
// class) relocation asks, kept for the scope generation, so a name is looked
// up once per start however many objects and relocations refer to it (most
// references repeat: a fifth of the lookups are unique at 50 libraries).
// Holds only answers that do not depend on who asks: the caller must not
// store a definition from a DT_SYMBOLIC requester's own table, a local scope,
// an interposition rule, the STB_GNU_UNIQUE table or a COPY lookup.
#pragma once

#include <cstdint>

#include "elf/hash.h"
#include "symbol/lookup.h"

namespace ldr {

struct Runtime;
struct VersionEntry;

struct MemoQuery {
  const char* name;
  elf::HashedName key;  // the name's GNU hash and length (table_name_hash):
                        // a miss goes on to the lookup with it
  uint32_t tag;   // version id, hidden and PLT bits (exactly compared); the PLT
                  // bit only when a scope member has canonical PLT symbols,
                  // the one case where PLT and other references differ
  uint32_t check; // the slot's check word: mixed key and tag (also its home)
};

// Follows the global scope: a changed scope (its array, count or
// generation) drops the answers. Once per relocation pass, before asking.
void memo_follow_scope(const Runtime& rt);

// Prepares q for a string-table name with its hash (a length of
// kLengthUnknown is measured here, the key needs it). False when this query
// cannot be memoized (more version names than the tag holds) or the memo
// gave up in this scope (too few questions were repeats for it to pay):
// then look up plainly. Reads no slot.
bool memo_prepare(const char* name, elf::HashedName key, const VersionEntry* version, bool plt,
                  const Runtime& rt, MemoQuery* q);

// Asks a prepared query: kKnown with the definition (its name compared),
// kUnknown (memo_store after the full lookup), or kNotAsked when this
// question closed a window in which too few were repeats.
enum class MemoAnswer { kNotAsked, kUnknown, kKnown };
MemoAnswer memo_answer(const MemoQuery& q, const Runtime& rt, Definition* out);

// memo_prepare, then memo_answer (kNotAsked if it could not prepare).
MemoAnswer memo_ask(const char* name, elf::HashedName key, const VersionEntry* version, bool plt,
                    const Runtime& rt, MemoQuery* q, Definition* out);

// For prefetching ahead of memo_answer (reloc/lookahead.h): the slot a probe
// for q starts at (nullptr while the memo is empty), and the definition the
// first slot with q's check word names (not compared with q's name; empty
// if none). Neither counts as a question.
const void* memo_home(const MemoQuery& q);
Definition memo_candidate(const MemoQuery& q, const Runtime& rt);

// Remembers that scope member `scope_index` defines q by symbol `sym_index`.
// Silently skipped when the table cannot grow or the indexes do not fit.
void memo_store(Runtime& rt, const MemoQuery& q, uint32_t scope_index, uint32_t sym_index);

}  // namespace ldr
