// SPDX-License-Identifier: MIT
// The bind cache: a file per closure holding what start-up relocation's
// symbol lookups answered, so the next start of the same closure (same
// files, by dev, inode, size and mtime, in the same order) binds without
// hashing or walking the scope. Two places: the user's (ldr --bind-cache
// DIR, or LDR_BIND_CACHE=DIR, which secure mode ignores), read and written
// on a cold start; else the system's (LDR_BIND_DIR, /var/cache/ldr/bind;
// ldr --system-bind-cache DIR), which `ldr-cache --bind` fills and the
// loader only reads. A file is used only when root or the user owns it and
// no one else may write it (in secure mode: root); each warm answer is
// still checked to stay in range and name a definition. Not used for
// objects opened later (dlopen), COPY relocations, with interposition
// rules, or while symbols or bindings are traced. Runs single-threaded, at
// start-up.
#pragma once

#include <cstdint>

#include "module/module.h"
#include "symbol/lookup.h"

namespace ldr {

struct Runtime;
struct Module;

namespace bind {

// Before start-up relocation: maps the closure's file when it is valid
// (warm), else arranges to record the answers (cold). Nothing when not
// enabled or not usable for this start.
void prepare(Runtime& rt);

// Whether the bind cache serves the relocation of m: warm() answers, or
// recording() collects answers.
inline bool warm(const Module& m) { return m.bind_entries != nullptr; }
inline bool recording(const Module& m) { return m.bind_record != nullptr; }

// The warm answer for symbol idx of m asked as a PLT reference or not;
// false when there is none (look it up).
bool answer(const Module& m, uint32_t idx, bool plt, Definition* def, bool* found);

// Records what a lookup answered (cold).
void record(const Module& m, uint32_t idx, bool plt, const Definition& def, bool found);

// After start-up relocation succeeded: writes a cold start's answers, or
// unmaps a warm start's file (later relocation, dlopen's, does not use it).
void finish(Runtime& rt);

}  // namespace bind
}  // namespace ldr
