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
};

// Follows the global scope: a changed scope (its array, count or
// generation) drops the answers. Once per relocation pass, before asking.
void memo_follow_scope(const Runtime& rt);

// Asks for a string-table name with its hash (a length of kLengthUnknown is
// measured here, the key needs it): prepares q (for memo_store
// after a full lookup) and looks it up. kNotAsked when this query cannot be
// memoized (more version names than the tag holds) or too few questions
// were repeats for the memo to pay in this scope: then look up plainly.
enum class MemoAnswer { kNotAsked, kUnknown, kKnown };
MemoAnswer memo_ask(const char* name, elf::HashedName key, const VersionEntry* version, bool plt,
                    const Runtime& rt, MemoQuery* q, Definition* out);

// Remembers that scope member `scope_index` defines q by symbol `sym_index`.
// Silently skipped when the table cannot grow or the indexes do not fit.
void memo_store(Runtime& rt, const MemoQuery& q, uint32_t scope_index, uint32_t sym_index);

}  // namespace ldr
