// SPDX-License-Identifier: MIT
// Tunable parsing with glibc 2.36's rules (GLIBC_TUNABLES, aliases, bounds,
// AT_SECURE filtering). Pure: no system calls, no allocation of its own.
#include "glibc/tunables.h"

#include "base/mem.h"
#include "base/number.h"

namespace ldr::glibc {

namespace {

// glibc's tunable_is_name: `name` followed by '=' at the start of `entry`.
bool is_name(const char* name, const char* entry) {
  for (; *name != '\0' && *entry != '\0'; ++name, ++entry)
    if (*name != *entry) break;
  return *name == '\0' && *entry == '=';
}

bool is_unsigned(TunableType t) { return t == TunableType::kUint64 || t == TunableType::kSizeT; }

bool less(int64_t a, int64_t b, bool unsigned_cmp) {
  return unsigned_cmp ? static_cast<uint64_t>(a) < static_cast<uint64_t>(b) : a < b;
}

void initialize_from_text(Tunable& t, const char* text) {
  if (t.type == TunableType::kString) {
    t.str = text;
    t.initialized = true;
    return;
  }
  update_tunable(t, static_cast<int64_t>(base::glibc_strtoul(text)), nullptr, nullptr);
}

// parse_tunables: walks "name=value:name=value" in tunestr (the copy), taking
// values from valstring (the original, NUL-terminated in place as glibc does).
void parse_tunables(Tunable* table, size_t count, char* tunestr, char* valstring, bool secure) {
  if (tunestr == nullptr || *tunestr == '\0') return;
  char* p = tunestr;
  size_t off = 0;
  for (;;) {
    char* name = p;
    size_t len = 0;
    while (p[len] != '=' && p[len] != ':' && p[len] != '\0') ++len;
    if (p[len] == '\0') break;
    if (p[len] == ':') {
      p += len + 1;
      continue;
    }
    p += len + 1;
    char* value = &valstring[p - tunestr];
    len = 0;
    while (p[len] != ':' && p[len] != '\0') ++len;
    for (size_t i = 0; i < count; ++i) {
      Tunable& t = table[i];
      if (!is_name(t.name, name)) continue;
      if (secure) {
        if (t.security != TunableSecurity::kSxidErase) {
          if (off > 0) tunestr[off++] = ':';
          for (const char* n = t.name; *n != '\0';) tunestr[off++] = *n++;
          tunestr[off++] = '=';
          for (size_t j = 0; j < len; ++j) tunestr[off++] = value[j];
        }
        if (t.security != TunableSecurity::kNone) break;
      }
      value[len] = '\0';
      initialize_from_text(t, value);
      break;
    }
    if (p[len] == '\0') break;
    p += len + 1;
  }
  if (secure) tunestr[off] = '\0';
}

}  // namespace

void update_tunable(Tunable& t, int64_t value, const int64_t* minp, const int64_t* maxp) {
  if (t.type == TunableType::kString) return;
  bool u = is_unsigned(t.type);
  int64_t min = minp != nullptr ? *minp : t.min;
  int64_t max = maxp != nullptr ? *maxp : t.max;
  if (less(min, t.min, u)) min = t.min;  // bounds may only narrow
  if (less(t.max, max, u)) max = t.max;
  if (less(max, min, u)) {
    min = t.min;
    max = t.max;
  }
  if (less(value, min, u) || less(max, value, u)) return;
  t.num = value;
  t.min = min;
  t.max = max;
  t.initialized = true;
}

void init_tunables(Tunable* table, size_t count, char** envp, bool secure, bool suid_debug,
                   char* (*copy)(const char* entry)) {
  // glibc's maybe_enable_malloc_check: /etc/suid-debug allows MALLOC_CHECK_.
  for (size_t i = 0; i < count && secure && suid_debug; ++i)
    if (base::str_eq(table[i].name, "glibc.malloc.check")) table[i].security = TunableSecurity::kNone;
  for (char** e = envp; *e != nullptr;) {
    char* entry = *e;
    if (is_name("GLIBC_TUNABLES", entry)) {
      char* fresh = copy(entry);
      if (fresh != nullptr) {
        constexpr size_t kPrefix = sizeof("GLIBC_TUNABLES=") - 1;
        parse_tunables(table, count, fresh + kPrefix, entry + kPrefix, secure);
        *e = fresh;
      }
      ++e;
      continue;
    }
    bool erased = false;
    for (size_t i = 0; i < count; ++i) {
      Tunable& t = table[i];
      if (t.initialized || t.env_alias == nullptr || t.env_alias[0] == '\0' || !is_name(t.env_alias, entry))
        continue;
      if (secure) {
        if (t.security == TunableSecurity::kSxidErase) {
          // Remove every occurrence so child processes do not inherit it.
          for (char** ep = e; *ep != nullptr;) {
            if (is_name(t.env_alias, *ep)) {
              char** dp = ep;
              do dp[0] = dp[1];
              while (*dp++ != nullptr);
            } else {
              ++ep;
            }
          }
          erased = true;
        }
        if (t.security != TunableSecurity::kNone) break;
      }
      const char* value = entry;
      while (*value != '=') ++value;
      initialize_from_text(t, value + 1);
      break;
    }
    if (!erased) ++e;
  }
}

bool read_tunable(const Tunable& t, void* valp) {
  switch (t.type) {
    case TunableType::kInt32: {
      auto v = static_cast<int32_t>(t.num);
      __builtin_memcpy(valp, &v, sizeof v);
      break;
    }
    case TunableType::kUint64:
    case TunableType::kSizeT: {
      auto v = static_cast<uint64_t>(t.num);
      __builtin_memcpy(valp, &v, sizeof v);
      break;
    }
    case TunableType::kString: __builtin_memcpy(valp, &t.str, sizeof t.str); break;
  }
  return t.initialized;
}

}  // namespace ldr::glibc
