// SPDX-License-Identifier: MIT
// The bind cache's life in one start: which directory (the user's, else the
// system's), the closure's identity and file name, validating and mapping a
// file (warm), answering from it, recording the answers of a cold start and
// writing them atomically (a temporary file renamed over the name; only
// into the user's directory). Every failure just means "no bind cache": a
// start never fails because of it. LDR_DEBUG=libs says what happened.
#include "bind/bind.h"

#include "base/fmt.h"
#include "base/mem.h"
#include "base/sys.h"
#include "bind/format.h"
#include "cache/xxh3.h"
#include "diag/trace.h"
#include "ldr_config.h"
#include "module/notes.h"
#include "module/module.h"
#include "runtime.h"
#include "symbol/lookup.h"

namespace ldr::bind {

namespace {

constexpr uint32_t kMaxModules = 0xffff;

struct State {
  const char* dir = nullptr;   // where the file is looked for
  bool system = false;         // dir is the system's: read only
  Module** modules = nullptr;  // the closure in load order
  uint32_t count = 0;
  FileModule* identity = nullptr;  // per module, as the file records it
  char path[512] = {};             // DIR/<key>.bind
  bool recording = false;
  void* map = nullptr;  // a warm start's file, until relocation is done
  uint64_t map_size = 0;
};
State g_state;

void trace(const char* what, const char* detail = nullptr) {
  if (!diag::tracing(diag::kTraceLibs)) return;
  diag::TraceLine t;
  t.str(" bind cache=").str(g_state.path).str(": ").str(what);
  if (detail != nullptr) t.str(" (").str(detail).ch(')');
}

bool stat_path(const char* path, FileModule* id) {
  long fd = base::sys_openat(base::kAtFdcwd, path, base::kOpenReadOnly | base::kOpenCloexec);
  if (base::sys_failed(fd)) return false;
  base::KernelStat st;
  bool ok = !base::sys_failed(base::sys_fstat(static_cast<int>(fd), &st));
  base::sys_close(static_cast<int>(fd));
  if (!ok) return false;
  id->dev = st.st_dev;
  id->ino = st.st_ino;
  id->size = static_cast<uint64_t>(st.st_size);
  id->mtime_ns = base::mtime_ns(st);
  return true;
}

// A module's file identity: from the open at load time; the program the
// kernel mapped through /proc/self/exe, which names the file the kernel
// mapped whatever AT_EXECFN's path (a name the caller of execve chose) names
// by now — the path itself only outside secure mode, when /proc is missing;
// ldr itself by its build-id. The vDSO has none and never defines a
// recorded answer.
bool identify(const Runtime& rt, const Module& m, FileModule* id) {
  *id = FileModule{};
  id->entry_count = m.dyn.sym_limit;
  if (m.kind == ModuleKind::kVdso) return true;
  if (m.dev != 0 || m.ino != 0) {
    id->dev = m.dev;
    id->ino = m.ino;
    id->size = m.file_size;
    id->mtime_ns = m.mtime_ns;
    return true;
  }
  if (m.kind == ModuleKind::kExecutable)
    return stat_path("/proc/self/exe", id) ||
           (!rt.startup.secure && rt.startup.at_execfn != nullptr && stat_path(rt.startup.at_execfn, id));
  if (m.kind == ModuleKind::kLoader) {
    // ldr itself, by its build-id: the same binary wherever it is started from.
    const unsigned char* bid;
    uint32_t len;
    if (!build_id_of(m, &bid, &len)) return false;
    id->mtime_ns = cache::xxh3_64(bid, len);
    return true;
  }
  return false;
}

// DIR/<XXH3-64 of the identities, hex>.bind
bool make_path(State& s) {
  uint64_t key = cache::xxh3_64(s.identity, sizeof(FileModule) * s.count) ^ kFormatVersion;
  base::Writer w(s.path, sizeof s.path);
  w.str(s.dir).ch('/').hex(key, 16).str(".bind");
  return w.length() + 1 < sizeof s.path;
}

// The directory this start binds from, or nullptr: the user's (--bind-cache,
// LDR_BIND_CACHE: read, and written on a cold start; never in secure mode),
// else the system's (--system-bind-cache, else LDR_BIND_DIR; filled by
// ldr-cache --bind, only read). None with interposition rules or
// LD_DYNAMIC_WEAK (answers a cache cannot tell apart by the closure), in
// ldd -d's mode (the PLT stays unbound: a file written then would lack its
// answers for good), or while symbols or bindings are traced.
const char* bind_dir(const Runtime& rt, bool* system) {
  if (rt.interpose != nullptr || g_dynamic_weak || diag::tracing(diag::kTraceSymbols) ||
      diag::tracing(diag::kTraceBindings) || plt_left_unbound(rt.options))
    return nullptr;
  *system = rt.options.bind_cache == nullptr || rt.startup.secure;
  if (!*system) return rt.options.bind_cache;
  const char* d = rt.options.system_bind_cache != nullptr ? rt.options.system_bind_cache : LDR_BIND_DIR;
  return d[0] != '\0' ? d : nullptr;
}

// Whether a file's owner makes its answers trustworthy: root (the system's
// files, for everyone, secure mode included), or the user running (as
// trusted as the user's own environment; not in secure mode).
bool trusted_owner(const Runtime& rt, uint32_t uid) {
  return uid == 0 || (!rt.startup.secure && uid == static_cast<uint32_t>(base::sys_geteuid()));
}

// Validates the mapped file against the closure; on success every module's
// bind_entries point into it.
const char* accept(State& s, const unsigned char* file, uint64_t size) {
  if (size < sizeof(FileHeader)) return "truncated";
  FileHeader h;
  __builtin_memcpy(&h, file, sizeof h);
  if (__builtin_memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.version != kFormatVersion)
    return "not a bind cache of this version";
  if (h.file_size != size || h.module_count != s.count) return "another closure";
  uint64_t table_end = sizeof(FileHeader) + uint64_t{s.count} * sizeof(FileModule);
  if (table_end > size) return "truncated";
  if (cache::xxh3_64(file + sizeof h, size - sizeof h) != h.checksum) return "checksum mismatch";
  const auto* mods = reinterpret_cast<const FileModule*>(file + sizeof h);
  for (uint32_t i = 0; i < s.count; ++i) {
    const FileModule& f = mods[i];
    const FileModule& want = s.identity[i];
    if (f.dev != want.dev || f.ino != want.ino || f.size != want.size || f.mtime_ns != want.mtime_ns)
      return "a file changed";
    if (f.entry_count > want.entry_count || f.entries_offset % 8 != 0 || f.entries_offset < table_end ||
        f.entries_offset > size || uint64_t{f.entry_count} * 8 > size - f.entries_offset)
      return "entries out of range";
  }
  for (uint32_t i = 0; i < s.count; ++i) {
    s.modules[i]->bind_entries = reinterpret_cast<const uint64_t*>(file + mods[i].entries_offset);
    s.modules[i]->bind_count = mods[i].entry_count;
  }
  return nullptr;
}

bool map_file(const Runtime& rt, State& s) {
  long fd = base::sys_openat(base::kAtFdcwd, s.path, base::kOpenReadOnly | base::kOpenCloexec);
  if (base::sys_failed(fd)) return false;
  base::KernelStat st;
  const char* why = nullptr;
  if (base::sys_failed(base::sys_fstat(static_cast<int>(fd), &st)) ||
      (st.st_mode & base::kModeTypeMask) != base::kModeRegular || st.st_size <= 0) {
    why = "not a regular file";
  } else if (!trusted_owner(rt, st.st_uid) || (st.st_mode & 022) != 0) {
    // Only a file root or this user wrote and no one else may change.
    why = "not owned by the user or writable by others";
  } else {
    auto size = static_cast<uint64_t>(st.st_size);
    long r = base::sys_mmap(nullptr, size, base::kProtRead, base::kMapPrivate, static_cast<int>(fd), 0);
    if (base::sys_failed(r)) {
      why = "cannot map";
    } else if ((why = accept(s, reinterpret_cast<const unsigned char*>(r), size)) != nullptr) {
      base::sys_munmap(reinterpret_cast<void*>(r), size);
    } else {
      s.map = reinterpret_cast<void*>(r);
      s.map_size = size;
    }
  }
  base::sys_close(static_cast<int>(fd));
  if (why != nullptr) trace("ignored", why);
  return why == nullptr;
}

void start_recording(Runtime& rt, State& s) {
  for (uint32_t i = 0; i < s.count; ++i) {
    Module* m = s.modules[i];
    m->bind_index = i;
    if (m->kind == ModuleKind::kVdso || m->dyn.sym_limit == 0) continue;
    m->bind_record = rt.arena.make_array<uint64_t>(m->dyn.sym_limit);
    if (m->bind_record == nullptr) return;  // out of memory: record nothing more
    m->bind_count = m->dyn.sym_limit;
  }
  s.recording = true;
}

}  // namespace

void prepare(Runtime& rt) {
  State& s = g_state;
  s.dir = bind_dir(rt, &s.system);
  if (s.dir == nullptr) return;
  if (s.system) {
    // Most systems have none: one failed open, before any identity work
    // (the executable's may cost three more system calls).
    long fd = base::sys_openat(base::kAtFdcwd, s.dir, base::kOpenPath | base::kOpenDirectory | base::kOpenCloexec);
    if (base::sys_failed(fd)) return;
    base::sys_close(static_cast<int>(fd));
  }
  uint32_t count = 0;
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->missing) return;
    ++count;
  }
  if (count == 0 || count > kMaxModules) return;
  s.modules = rt.arena.make_array<Module*>(count);
  s.identity = rt.arena.make_array<FileModule>(count);
  if (s.modules == nullptr || s.identity == nullptr) return;
  s.count = 0;
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (!identify(rt, *m, &s.identity[s.count])) return;
    s.modules[s.count++] = m;
  }
  if (!make_path(s)) return;
  if (map_file(rt, s)) {
    trace("answers relocation");
    return;
  }
  if (!s.system) start_recording(rt, s);  // the system's is only read
}

bool answer(const Module& m, uint32_t idx, bool plt, Definition* def, bool* found) {
  if (idx >= m.bind_count) return false;
  uint64_t e = m.bind_entries[idx];
  if ((e & kPresent) == 0 || (e & (plt ? kForPlt : kForOther)) == 0) return false;
  if ((e & kUndefined) != 0) {
    *def = Definition{};
    *found = false;
    return elf::ELF64_ST_BIND(m.dyn.symtab[idx].st_info) == elf::STB_WEAK;
  }
  const State& s = g_state;
  auto mi = static_cast<uint32_t>((e >> kModuleShift) & kModuleMask);
  auto si = static_cast<uint32_t>(e);
  if (mi >= s.count) return false;
  const Module& d = *s.modules[mi];
  if (si == 0 || si >= d.dyn.sym_count || d.kind == ModuleKind::kVdso) return false;
  const elf::Elf64_Sym* sym = &d.dyn.symtab[si];
  if (sym->st_shndx == elf::SHN_UNDEF && (plt || sym->st_value == 0)) return false;
  if (d.dyn.name_of(*sym) == nullptr) return false;  // a trace prints it; decoding left st_name unchecked
  *def = Definition{&d, sym};
  *found = true;
  return true;
}

void record(const Module& m, uint32_t idx, bool plt, const Definition& def, bool found) {
  if (idx >= m.bind_count) return;
  uint64_t& slot = m.bind_record[idx];
  uint64_t e = 0;
  if (!found) {
    e = make_entry(0, 0, true, plt);
  } else if (elf::ELF64_ST_BIND(def.sym->st_info) == elf::STB_GNU_UNIQUE) {
    return;  // the unique table must see it bound (symbol/unique.h): looked up every start
  } else {
    // The definer's load index (a definer outside the closure, opened later,
    // is not recorded).
    const State& s = g_state;
    uint32_t mi = def.module->bind_index;
    if (mi >= s.count || s.modules[mi] != def.module || def.module->kind == ModuleKind::kVdso) return;
    e = make_entry(mi, static_cast<uint32_t>(def.sym - def.module->dyn.symtab), false, plt);
  }
  if (slot == 0) {
    slot = e;
  } else if ((slot & ~(kForPlt | kForOther)) == (e & ~(kForPlt | kForOther))) {
    slot |= e;  // the same answer for the other class of reference
  }
}

void finish(Runtime& rt) {
  State& s = g_state;
  if (s.map != nullptr) {
    for (uint32_t i = 0; i < s.count; ++i) {
      s.modules[i]->bind_entries = nullptr;
      s.modules[i]->bind_count = 0;
    }
    base::sys_munmap(s.map, s.map_size);
    s.map = nullptr;
    return;
  }
  if (!s.recording) return;
  s.recording = false;
  // Layout: header, module table, then each module's entries up to its last
  // recorded one.
  uint64_t offset = sizeof(FileHeader) + uint64_t{s.count} * sizeof(FileModule);
  for (uint32_t i = 0; i < s.count; ++i) {
    const Module& m = *s.modules[i];
    uint32_t n = m.bind_record != nullptr ? m.bind_count : 0;
    while (n > 0 && m.bind_record[n - 1] == 0) --n;
    s.identity[i].entry_count = n;
    s.identity[i].entries_offset = offset;
    offset += uint64_t{n} * 8;
  }
  auto* file = static_cast<unsigned char*>(rt.arena.allocate(offset, 8));
  if (file == nullptr) return;
  base::copy_bytes(file + sizeof(FileHeader), s.identity, sizeof(FileModule) * s.count);
  for (uint32_t i = 0; i < s.count; ++i)
    if (s.identity[i].entry_count != 0)
      base::copy_bytes(file + s.identity[i].entries_offset, s.modules[i]->bind_record,
                       uint64_t{s.identity[i].entry_count} * 8);
  FileHeader h{};
  __builtin_memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kFormatVersion;
  h.module_count = s.count;
  h.file_size = offset;
  h.checksum = cache::xxh3_64(file + sizeof h, offset - sizeof h);
  __builtin_memcpy(file, &h, sizeof h);
  for (uint32_t i = 0; i < s.count; ++i) {  // the records are in the image now
    Module& m = *s.modules[i];
    rt.arena.release(m.bind_record, sizeof(uint64_t) * m.bind_count);
    m.bind_record = nullptr;
    m.bind_count = 0;
  }

  char tmp[sizeof s.path + 24];
  {
    base::Writer w(tmp, sizeof tmp);
    w.str(s.path).str(".tmp.").dec(static_cast<uint64_t>(base::sys_getpid()));
  }
  long fd = base::sys_openat(base::kAtFdcwd, tmp,
                             base::kOpenWriteOnly | base::kOpenCreate | base::kOpenTruncate | base::kOpenCloexec,
                             0644);
  if (base::sys_failed(fd)) {
    trace("not written", "cannot create");
    rt.arena.release(file, offset);
    return;
  }
  uint64_t done = 0;
  while (done < offset) {
    long r = base::sys_write(static_cast<int>(fd), file + done, offset - done);
    if (base::sys_failed(r) || r == 0) break;
    done += static_cast<uint64_t>(r);
  }
  base::sys_close(static_cast<int>(fd));
  rt.arena.release(file, offset);
  if (done != offset || base::sys_failed(base::sys_renameat(base::kAtFdcwd, tmp, base::kAtFdcwd, s.path))) {
    base::sys_unlinkat(base::kAtFdcwd, tmp, 0);
    trace("not written", "write failed");
    return;
  }
  trace("written");
}

}  // namespace ldr::bind
