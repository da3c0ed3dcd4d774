// SPDX-License-Identifier: MIT
// The unique-symbol table: open addressing by GNU hash in arena memory,
// doubled when half full. Entries are never removed: an object that
// defines a unique symbol others bind to is never unloaded (dl/binding).
#include "symbol/unique.h"

#include "base/mem.h"
#include "runtime.h"

namespace ldr {

namespace {

struct Entry {
  const char* name;  // nullptr: free
  uint32_t hash;
  Definition def;
};

Entry* g_table = nullptr;
uint32_t g_capacity = 0;  // a power of two
uint32_t g_used = 0;

Entry* probe(Entry* table, uint32_t capacity, const char* name, uint32_t hash) {
  for (uint32_t i = hash & (capacity - 1);; i = (i + 1) & (capacity - 1)) {
    Entry& e = table[i];
    if (e.name == nullptr || (e.hash == hash && base::str_eq(e.name, name))) return &e;
  }
}

bool grow(Runtime& rt) {
  uint32_t capacity = g_capacity == 0 ? 64 : g_capacity * 2;
  Entry* table = rt.arena.make_array<Entry>(capacity);  // zeroed
  if (table == nullptr) return false;
  // probe() reads an entry before it is written. On fresh arena pages that
  // read maps the zero page and the store faults again: clearing the table
  // first makes each page's first touch a write (one fault, not two).
  base::fill_bytes(table, 0, sizeof(Entry) * capacity);
  for (uint32_t i = 0; i < g_capacity; ++i)
    if (g_table[i].name != nullptr) *probe(table, capacity, g_table[i].name, g_table[i].hash) = g_table[i];
  if (g_table != nullptr) rt.arena.release(g_table, sizeof(Entry) * g_capacity);
  g_table = table;
  g_capacity = capacity;
  return true;
}

}  // namespace

Definition unique_definition(Runtime& rt, const SymbolRef& ref, const Definition& found) {
  if (g_capacity == 0 || (g_used + 1) * 2 > g_capacity) {
    if (!grow(rt)) return found;  // out of memory: as if not unique
  }
  Entry* e = probe(g_table, g_capacity, ref.name, ref.gnu_hash);
  if (e->name != nullptr) return e->def;
  // The name is kept from the defining object's string table, which stays.
  *e = Entry{found.module->dyn.strtab + found.sym->st_name, ref.gnu_hash, found};
  ++g_used;
  return found;
}

}  // namespace ldr
