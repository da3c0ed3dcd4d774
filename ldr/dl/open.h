// SPDX-License-Identifier: MIT
// Loading at run time, libc-independent: dlopen's core (load the closure,
// check versions, relocate and initialize the new objects, publish them to
// debuggers), symbol lookup for dlsym, and the object containing an address.
// A libc personality adapts these to its ABI (glibc/dlfcn_hook.cc).
#pragma once

#include <cstdint>

#include "diag/diag.h"
#include "elf/note.h"
#include "dl/close.h"

namespace ldr {

struct Module;
struct Runtime;

inline constexpr int kRtldLazy = 0x1, kRtldNow = 0x2, kRtldNoload = 0x4, kRtldDeepbind = 0x8,
                     kRtldGlobal = 0x100, kRtldNodelete = 0x1000;

// dlopen(file, mode) on behalf of the object containing `caller`. nullptr
// with diag set on failure; file == nullptr is the executable.
Module* dl_open(Runtime& rt, Diag& diag, const char* file, int mode, uintptr_t caller);

// Namespaces for dl_open_version (glibc's Lmid_t values): a new one, the
// caller's (what dlopen means), or a namespace's number (0: the program's).
inline constexpr long kNsNew = -1, kNsCaller = -2;

// dl_open whose minimum version of `file` is `need` (ldr_open_library)
// rather than the caller's LDR_REQUIRE notes; need == nullptr is dl_open.
// ns: where to load (dlmopen); a namespace that does not exist, or none
// left for kNsNew, fails with glibc's messages.
Module* dl_open_version(Runtime& rt, Diag& diag, const char* file, int mode, uintptr_t caller,
                        const elf::LdrRequire* need, long ns = kNsCaller);

// dlclose: dl_close in dl/close.h (included here for the callers of both).

// dlsym/dlvsym: handle is a module, or nullptr for RTLD_DEFAULT, or `next`
// for RTLD_NEXT relative to the caller. nullptr with diag set when undefined.
void* dl_sym(Runtime& rt, Diag& diag, Module* handle, bool next, const char* name,
             const char* version, uintptr_t caller);

// The module whose mapped image contains addr, or nullptr.
Module* module_containing(const Runtime& rt, uintptr_t addr);

// The module whose link map is `map`, or nullptr.
Module* module_of_link_map(const Runtime& rt, const void* map);

// root and its DT_NEEDED closure, breadth first (glibc's l_searchlist), in
// `list` or a new arena array of rt.module_count + 1 entries; nullptr when
// out of memory. Uses the modules' `visited` marks.
Module** closure_of(Runtime& rt, Module* root, uint32_t* count, Module** list = nullptr);

}  // namespace ldr
