// SPDX-License-Identifier: MIT
// LDR_DEBUG=scopes: an object's lookup scopes as glibc's _dl_show_scope
// prints them, at start-up and for the objects a dlopen brings in.
#pragma once

namespace ldr {

struct Runtime;
struct Module;

// "object=NAME [0]", then " scope N: NAME…" for each scope m's lookups walk,
// in that order (the global scope; the vDSO itself; a dlopen's closure, first
// for RTLD_DEEPBIND; the closures later dlopens added), or " no scope" for
// the loader; then an empty line.
void trace_object_scopes(const Runtime& rt, const Module& m);

// For an object an earlier dlopen opened whose scopes a dlopen extended
// (glibc's update_scopes): "object=NAME [0]", the scope line of the closure
// it took, at its index, and an empty line.
void trace_added_scope(const Runtime& rt, const Module& m, const Module& root);

// "add NAME [0] to global scope" after an empty line, for RTLD_GLOBAL.
void trace_added_to_global_scope(const Module& m);

}  // namespace ldr
