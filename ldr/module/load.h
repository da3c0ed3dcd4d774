// SPDX-License-Identifier: MIT
// Loading objects into the process: the registry of loaded modules (each
// object once, by name and by device/inode) and the breadth-first walk over
// DT_NEEDED that brings in the whole closure in glibc's order.
#pragma once

#include "diag/diag.h"
#include "elf/note.h"
#include "module/module.h"

namespace ldr {

struct Runtime;

// The loaded module known by `name` (requested name, path or soname), or
// nullptr. Non-const: a long module list's name index is built on demand.
Module* find_loaded(Runtime& rt, const char* name);

// Appends m to the load-order list.
void append_module(Runtime& rt, Module* m);

// Decodes m's dynamic section and version tables after it is mapped or described.
[[nodiscard]] bool decode_module(Runtime& rt, Diag& diag, Module* m);

// Finds, maps and registers `name` for requester, or returns the module that
// already is that object. nullptr with diag set on failure. `need`, when
// given, is the minimum version asked instead of the requester's notes
// (ldr_open_library); requester nullptr then means the executable.
// `relation` names the requester in LDR_DEBUG=files's line for a new object
// (glibc: "needed by", "dynamically loaded by" for a dlopen's root).
Module* load_object(Runtime& rt, Diag& diag, const char* name, Module* requester,
                    const elf::LdrRequire* need = nullptr, const char* relation = "needed by");

// LDR_DEBUG=files (glibc's _dl_map_object_from_fd): "file=NAME [0];
// generating link map", then the mapped object's dynamic section, base,
// span, entry and program headers, as glibc prints them.
void trace_generated_link_map(const char* name, const Module& m);

// Loads the preload list (":"/" "-separated) after the executable.
[[nodiscard]] bool load_preloads(Runtime& rt, Diag& diag, const char* list, const char* source);

// Loads the objects a preload file names (module/preload_file.h's syntax;
// glibc's /etc/ld.so.preload), after the other preloads; a missing, empty
// or unreadable file preloads nothing.
[[nodiscard]] bool load_preload_file(Runtime& rt, Diag& diag, const char* path);

// Loads every DT_NEEDED, breadth-first from the executable, and builds the
// global scope. In trace mode a missing object is recorded, not fatal.
[[nodiscard]] bool load_closure(Runtime& rt, Diag& diag);

// Loads the DT_NEEDED of `from` and of every module after it in load order
// (those not processed yet), breadth-first. Used at start-up and by dlopen.
[[nodiscard]] bool load_dependencies(Runtime& rt, Diag& diag, Module* from);

}  // namespace ldr
