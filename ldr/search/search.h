// SPDX-License-Identifier: MIT
// Name -> open file, in glibc's order: a name with a slash is a path;
// otherwise DT_RPATH of the requester and its loaders (when the requester has
// no DT_RUNPATH), LDR_LIBRARY_PATH, LD_LIBRARY_PATH, DT_RUNPATH of the
// requester, the ldr cache (cache/), the system directories. Objects for
// another class or machine are skipped and the search goes on.
#pragma once

#include "diag/diag.h"
#include "elf/note.h"
#include "map/open.h"

namespace ldr {

struct Runtime;
struct Module;

// Opens the object `name` needed by `requester` (nullptr for the program and
// preloads). Returns true with f open, or false with diag set (glibc's
// "cannot open shared object file" and friends).
// With `need`, a candidate older than the requirement (or without a version
// note) is skipped and the search goes on (Amiga OpenLibrary semantics).
[[nodiscard]] bool find_object(Runtime& rt, Diag& diag, const char* name, const Module* requester,
                               OpenedFile* f, const elf::LdrRequire* need = nullptr);

// The directories a search for a dependency of `loader` walks, in its order
// (glibc's _dl_rtld_di_serinfo, for dlinfo's RTLD_DI_SERINFO): the RPATH of
// the loader and of its loaders unless it has a RUNPATH, then the
// executable's (again, as glibc, when the chain reached it), LDR_LIBRARY_PATH,
// LD_LIBRARY_PATH, the RUNPATH, the system directories unless DF_1_NODEFLIB.
// Tokens expanded, trailing slashes dropped, each list without repeats; the
// ldr cache is no directory and is not named (nor is glibc's cache).
// visit(ctx, dir) for each, dir NUL-terminated.
void for_each_search_dir(Runtime& rt, const Module* loader, void (*visit)(void* ctx, const char* dir), void* ctx);

// The $ORIGIN of a module, computed on first use.
const char* module_origin(Runtime& rt, Module* m);

// The directory of `path` as an absolute name ("$ORIGIN" for an object opened
// by that path): relative paths are taken from the current directory.
const char* origin_of_path(Runtime& rt, const char* path);

}  // namespace ldr
