// SPDX-License-Identifier: MIT
// glibc's tunables as ld.so keeps them (elf/dl-tunables.c): a table indexed
// by this build's tunable ids, filled from GLIBC_TUNABLES and the environment
// aliases (MALLOC_CHECK_, ...), with glibc's bounds and secure-mode rules;
// read by libc through __tunable_get_val. The table's contents (names,
// types, bounds, defaults, aliases) come from the build-time layout records.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ldr::glibc {

// glibc's tunable_type_code_t and tunable_seclevel_t values.
enum class TunableType : uint8_t { kInt32 = 0, kUint64 = 1, kSizeT = 2, kString = 3 };
enum class TunableSecurity : uint8_t { kSxidErase = 0, kSxidIgnore = 1, kNone = 2 };

struct Tunable {
  const char* name;       // "glibc.malloc.check"
  const char* env_alias;  // "MALLOC_CHECK_" or ""
  TunableType type;
  TunableSecurity security;
  int64_t min, max;       // tunable_num_t bounds
  int64_t num;            // value of a numeric tunable
  const char* str;        // value of a string tunable
  bool initialized;       // set by the user (or by ld.so with bounds)
};

// Sets a value within bounds, as do_tunable_update_val: values outside the
// (possibly narrowed) bounds are ignored. min/max may be null.
void update_tunable(Tunable& t, int64_t value, const int64_t* min, const int64_t* max);

// Reads GLIBC_TUNABLES and the aliases from envp, in environment order, as
// __tunables_init does. `copy` is scratch the size of the GLIBC_TUNABLES
// entry (plus one): the entry is replaced by the copy, which secure mode
// filters. In secure mode erased aliases are removed from envp.
void init_tunables(Tunable* table, size_t count, char** envp, bool secure,
                   bool suid_debug, char* (*copy)(const char* entry));

// __tunable_get_val's body: writes the typed value into valp and reports
// whether a callback is due (the tunable was initialized).
bool read_tunable(const Tunable& t, void* valp);

}  // namespace ldr::glibc
