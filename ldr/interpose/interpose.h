// SPDX-License-Identifier: MIT
// Interposition without LD_PRELOAD (docs/interposition.md): rules that bind
// the references to one symbol to a replacement in a named library, from
// --interpose, a manifest file or the program's own manifest note, and the
// run-time rebinding of ldr_set_function. The rules live in one State; the
// relocation and dlsym paths ask redirect() before the normal lookup. Costs
// nothing when there are no rules (rt.interpose is nullptr).
#pragma once

#include <cstdint>

#include "diag/diag.h"
#include "module/module.h"
#include "symbol/lookup.h"

namespace ldr {
struct Runtime;
}

namespace ldr::interpose {

inline constexpr const char* kOccasion = "interposition error";

enum class RuleKind : uint8_t {
  kRule,         // --interpose, manifest, note: REPLACEMENT looked up in LIB
  kSetFunction,  // ldr_set_function: a fixed address
};

struct Rule {
  RuleKind kind = RuleKind::kRule;
  const char* text = nullptr;     // as given, for messages ("time=./libfake.so")
  const char* source = nullptr;   // "--interpose", "MANIFEST:LINE", "note"
  const char* symbol = nullptr;
  uint32_t hash = 0;              // GNU hash of symbol
  const char* version = nullptr;  // nullptr: every version
  const char* library = nullptr;
  const char* replacement = nullptr;
  const char* in = nullptr;       // "OBJ[,OBJ]": only these objects' references
  bool optional = false;
  bool active = false;            // its library and replacement were found
  Module* lib = nullptr;          // holds the replacement (a kRule's is never redirected itself)
  const elf::Elf64_Sym* sym = nullptr;  // the replacement's definition
  Module** in_modules = nullptr;
  uint32_t in_count = 0;
  uint32_t uses = 0;              // references bound to the replacement
};

struct State {
  Rule* rules = nullptr;
  uint32_t count = 0, capacity = 0;
  const char* preload = nullptr;  // "preload" lines of the manifests, ':'-joined
};

// A blank rule at the end of the list (nullptr when out of memory).
Rule* new_rule(Runtime& rt);

// Adds a rule "SYMBOL[@VERSION]=LIB[:REPLACEMENT]". Returns nullptr or the
// static reason the text is malformed.
const char* add_rule(Runtime& rt, const char* text, bool optional, const char* source);

// Limits the last rule added to the references made by OBJECT[,OBJECT].
// Returns nullptr, or why it cannot (no rule yet).
const char* limit_last_rule(Runtime& rt, const char* objects);

// Reads a manifest file (--manifest) or the executable's NT_LDR_INTERPOSE
// note; $ORIGIN in their names is the manifest's directory or the
// executable's. False with diag set (status 127) on a malformed manifest.
[[nodiscard]] bool read_manifest_file(Runtime& rt, Diag& diag, const char* path);
[[nodiscard]] bool read_manifest_note(Runtime& rt, Diag& diag, Module& main);

// After the DT_NEEDED closure: loads each rule's library (at the end of the
// global scope, so its other symbols interpose nothing), finds each
// replacement and each limiting object. A missing one fails (127), or for an
// optional rule warns and disables it.
[[nodiscard]] bool load_libraries(Runtime& rt, Diag& diag);

// The replacement a reference to `name` made by `requester` binds to, if a
// rule covers it. Counts the use.
bool redirect(Runtime& rt, const char* name, uint32_t gnu_hash, const char* version,
              const Module* requester, Definition* def);

// Does m hold a replacement (its RTLD_NEXT means "the original")?
bool is_interposer(const Runtime& rt, const Module* m);

// After start-up relocation: a rule no reference used fails (127), or warns
// when optional.
[[nodiscard]] bool check_uses(Runtime& rt, Diag& diag);

}  // namespace ldr::interpose
