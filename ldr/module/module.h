// SPDX-License-Identifier: MIT
// Module: everything ldr knows about one loaded object (the executable, a
// library, the vDSO, ldr itself). A plain record; the rooms that fill it own
// their fields (map/ the mapping, elf/ the tables, symbol/ the versions,
// tls/ the TLS placement, init/ the state flags).
#pragma once

#include <cstddef>
#include <cstdint>

#include "elf/dynamic.h"
#include "elf/image.h"
#include "elf/types.h"

namespace ldr {

// The public head of glibc's struct link_map (<link.h>): what debuggers and
// dl_iterate_phdr-style walkers read. A personality may give each module a
// larger record that begins with this.
struct LinkMap {
  uintptr_t l_addr;
  char* l_name;
  elf::Elf64_Dyn* l_ld;
  LinkMap* l_next;
  LinkMap* l_prev;
};
static_assert(sizeof(LinkMap) == 40);

enum class ModuleKind : uint8_t { kExecutable, kLibrary, kLoader, kVdso };

// One entry of a module's version table, indexed like VERSYM values
// (glibc's l_versions): definitions from DT_VERDEF, needs from DT_VERNEED.
struct VersionEntry {
  const char* name;      // nullptr for an unused index
  uint32_t hash;         // ELF (SysV) hash of name
  bool hidden;           // VERSYM_HIDDEN on a need
  const char* filename;  // the file a need names; nullptr for definitions
  // The name's process-wide id (symbol/version_id.h), given on first use; 0
  // until then. A cache of a pure function of name, hence mutable.
  mutable uint16_t name_id = 0;
};

struct TlsBlock {
  const void* init_image = nullptr;  // PT_TLS file contents in memory
  uint64_t init_size = 0;            // p_filesz
  uint64_t size = 0;                 // p_memsz
  uint64_t align = 1;                // p_align (at least 1)
  uint64_t first_byte = 0;           // p_vaddr & (align - 1): offset of the block in its alignment
  uint64_t module_id = 0;            // DTV index, 0 when the module has no TLS
  int64_t tp_offset = 0;             // block address = thread pointer - tp_offset; 0: dynamic
  bool static_pending = false;       // placed in static TLS after start-up: every
                                     // thread's copy awaits its image (tls/dynamic)
  bool forced_dynamic = false;       // a thread allocated a dynamic block: it can
                                     // no longer move to static TLS (glibc's
                                     // FORCED_DYNAMIC_TLS_OFFSET)
};

struct Module {
  LinkMap* link_map = nullptr;  // the record debuggers see (l_addr, l_name, l_ld, …)
  ModuleKind kind = ModuleKind::kLibrary;
  const char* name = nullptr;    // as requested: DT_NEEDED text or the path given
  const char* path = nullptr;    // the file opened ("" for the executable started by the kernel)
  const char* origin = nullptr;  // directory for $ORIGIN, nullptr if unknown
  uint64_t dev = 0, ino = 0;
  uint64_t file_size = 0, mtime_ns = 0;  // the file's identity with dev and ino (bind/)
  // bind/: this object's answers in the bind cache (warm, bind_entries) or
  // the array recording them (cold, bind_record), bind_count entries long.
  const uint64_t* bind_entries = nullptr;
  uint64_t* bind_record = nullptr;
  uint32_t bind_count = 0;
  uint32_t bind_index = 0;  // its place in the closure the bind cache records (cold)

  elf::Image image;  // bias and the valid link-time span
  uintptr_t map_start = 0;
  size_t map_size = 0;
  const elf::Elf64_Phdr* phdr = nullptr;  // in memory
  uint16_t phnum = 0;
  uintptr_t entry = 0;  // run-time entry address (executables)
  elf::DynamicInfo dyn;
  uint64_t relro_start = 0, relro_size = 0;  // run-time address and length
  uint64_t writable_lo = 0, writable_hi = 0;  // link-time span relocations may write
  uint32_t stack_flags = 0;

  Module** deps = nullptr;  // resolved DT_NEEDED, in order
  uint32_t dep_count = 0;
  Module** local_scope = nullptr;  // an object opened later: its dependency closure
  uint32_t local_scope_count = 0;
  uint32_t open_count = 0;         // dlopen references
  uint32_t local_scope_capacity = 0;  // entries allocated for local_scope (its owner frees it)
  bool owns_local_scope = false;      // the dlopen root whose closure array local_scope is
  bool deepbind = false;              // loaded by an RTLD_DEEPBIND dlopen: local_scope before the global scope
  bool own_scopes_first = false;      // DT_SYMBOLIC (decode_module) or deepbind (dl_open): one hot-path test
  // glibc's l_ns: the link-map namespace (dlmopen); 0 is the program's.
  uint8_t ns = 0;
  // ldr itself in another namespace (glibc's copy of ld.so's link map there,
  // l_real the real one): a record that shares ldr's image and tables, is
  // listed, searched and unlisted in that namespace, and never mapped,
  // relocated or initialized (module/load.cc loader_proxy).
  const Module* proxy_of = nullptr;
  // glibc's update_scopes: the roots of later dlopens whose closures took
  // this object (opened by an earlier dlopen) in; their closures follow its
  // own in the scope dlsym(RTLD_DEFAULT) walks from it. Owned; dl/close.cc
  // drops a root that goes.
  Module** later_scopes = nullptr;
  uint32_t later_scope_count = 0, later_scope_capacity = 0;
  // Unloading (dl/close.cc), glibc's lt_loaded / l_nodelete_* / l_reldeps.
  bool dynamic = false;           // loaded by dlopen (start-up objects are never unloaded)
  bool nodelete = false;          // RTLD_NODELETE, DF_1_NODELETE, unique symbol, main program binding
  bool nodelete_pending = false;  // becomes nodelete when the dlopen in progress succeeds
  Module** reldeps = nullptr;     // dynamic objects this one bound to outside its dependencies
  Module** initfini = nullptr;    // a dlopen root: its closure sorted dependents first (glibc's l_initfini)
  uint32_t initfini_count = 0;
  uint32_t reldep_count = 0, reldep_capacity = 0;
  // The minimum version a requester asked of this object, for --list.
  uint32_t required_version = 0, required_revision = 0;
  const char* required_by = nullptr;
  Module* loader = nullptr;  // whose DT_NEEDED brought this in (RPATH chain)
  Module* next = nullptr;    // load order
  Module* prev = nullptr;

  VersionEntry* versions = nullptr;
  uint32_t version_count = 0;

  TlsBlock tls;

  bool missing = false;    // not found (listing modes only)
  bool preloaded = false;  // from --preload or LD_PRELOAD
  bool listed = false;     // ldr itself: in the load list because something needs it
  bool relocated = false;
  bool init_started = false;
  bool init_done = false;
  bool fini_done = false;
  bool visited = false;  // scratch for graph walks
  // version/require: whether the notes hold an NT_LDR_REQUIRE, learnt on the
  // first requirement_for (a cache: notes never change).
  enum : uint8_t { kRequireNotesUnknown, kNoRequireNotes, kHasRequireNotes };
  mutable uint8_t require_notes = kRequireNotesUnknown;
  // symbol/memo: elf::has_canonical_plt of this object, learnt on first need
  // (-1 until then; a symbol table does not change).
  mutable int8_t canonical_plt = -1;

  const char* soname() const { return dyn.soname; }
  // Drops the later scopes (update_scopes) whose roots goes(root) names:
  // unloaded by dlclose, or rolled back with a failed dlopen.
  template <typename Goes>
  void drop_later_scopes(Goes goes) {
    uint32_t kept = 0;
    for (uint32_t k = 0; k < later_scope_count; ++k)
      if (!goes(later_scopes[k])) later_scopes[kept++] = later_scopes[k];
    later_scope_count = kept;
  }
  bool writable_contains(uint64_t vaddr, uint64_t size) const {
    return vaddr >= writable_lo && vaddr <= writable_hi && size <= writable_hi - vaddr;
  }
  bool is_executable() const { return kind == ModuleKind::kExecutable; }
  // The name glibc prints for an object: its path, or argv[0] for the executable.
  const char* display_name() const { return path != nullptr && path[0] != '\0' ? path : name; }
  // glibc's l_name, as its dlopen/dlclose/fini traces print it: the
  // executable's is empty.
  const char* link_map_name() const { return is_executable() ? "" : display_name(); }
  // The object a binding trace names as the definer: ldr's own for its copy
  // in a namespace (glibc's lookups report l_real).
  const Module& real() const { return proxy_of != nullptr ? *proxy_of : *this; }
  // " [N]" after a name in glibc's LD_DEBUG lines: the object's namespace.
  const char* ns_tag() const { return namespace_tag(ns); }
  static const char* namespace_tag(uint32_t k) {
    static constexpr const char* kTags[] = {" [0]", " [1]", " [2]",  " [3]",  " [4]",  " [5]",  " [6]",  " [7]",
                                            " [8]", " [9]", " [10]", " [11]", " [12]", " [13]", " [14]", " [15]"};
    return k < sizeof kTags / sizeof kTags[0] ? kTags[k] : " [?]";
  }
};

}  // namespace ldr
