// SPDX-License-Identifier: MIT
// The library search (glibc elf/dl-load.c _dl_map_object's order), with
// LD_DEBUG=libs-shaped tracing.
#include "search/search.h"

#include "base/fmt.h"
#include "base/mem.h"
#include "base/sys.h"
#include "cache/open.h"
#include "diag/trace.h"
#include "ldr_config.h"
#include "module/module.h"
#include "personality/personality.h"
#include "runtime.h"
#include "search/expand.h"
#include "search/hwcaps.h"
#include "version/require.h"

namespace ldr {

namespace {

constexpr size_t kPathMax = 4096;
using search::kLibToken;

enum class Found { kNo, kYes, kError };

struct SearchState {
  Runtime& rt;
  Diag& diag;
  const char* name;
  OpenedFile* file;
  int last_errno;  // glibc reports the last "real" open error (e.g. EACCES)
  const char* other_class = nullptr;  // why a file of another ELF class was skipped
  const elf::LdrRequire* need = nullptr;  // the requester's minimum version, if any
  bool tried = false;  // a candidate was opened (or tried): else glibc has no errno to report
  Rejections* rejected = nullptr;         // candidates too old for it; made on
                                          // the first (off the stack: 776 bytes
                                          // a search rarely needs)
};

// Records a candidate too old for the requirement.
void reject(SearchState& s, const char* path, const ProvidedVersion& have) {
  if (s.rejected == nullptr && (s.rejected = s.rt.arena.make<Rejections>()) == nullptr) return;
  s.rejected->add(path, have);
}

// A candidate that opened: does it meet the requester's minimum version?
bool meets_requirement(SearchState& s, const char* path) {
  if (s.need == nullptr) return true;
  ProvidedVersion have = file_version(*s.file);
  if (satisfies(have, *s.need)) return true;
  reject(s, path, have);
  close_object(s.file);
  return false;
}

// Whether `path` lies below one of the system directories, or (`itself`)
// is one.
bool below_system_dir(const char* path, bool itself) {
  for (const char* p = LDR_SYSTEM_DIRS; *p != '\0';) {
    const char* d = p;
    while (*p != '\0' && *p != ':') ++p;
    size_t n = static_cast<size_t>(p - d);
    while (n > 1 && d[n - 1] == '/') --n;
    if (__builtin_memcmp(path, d, n) == 0 && (path[n] == '/' || (itself && path[n] == '\0'))) return true;
    if (*p == ':') ++p;
  }
  return false;
}

// glibc's is_trusted_path_normalize, simplified: no "." or ".." components,
// and the directory is a system directory or lies below one.
bool is_trusted_directory(const char* dir) {
  for (const char* p = dir; *p != '\0'; ++p) {
    if (p[0] == '/' && p[1] == '.' && (p[2] == '/' || p[2] == '\0' || (p[2] == '.' && (p[3] == '/' || p[3] == '\0'))))
      return false;
  }
  return below_system_dir(dir, true);
}

bool mentions_origin(const char* s, size_t len) {
  for (size_t i = 0; i + 7 <= len; ++i)
    if (s[i] == '$' && (__builtin_memcmp(s + i + 1, "ORIGIN", 6) == 0 ||
                        (i + 9 <= len && __builtin_memcmp(s + i + 1, "{ORIGIN}", 8) == 0)))
      return true;
  return false;
}

// Does the opened file still match its cache entry (docs/cache.md, staleness)?
bool is_fresh(const OpenedFile& f, const ldr_cache_entry& e) {
  return f.ino == e.st_ino && f.size == e.st_size && f.mtime_ns == e.st_mtime_ns;
}

// Was `path` already rejected (by its cache entry) in this search? Then the
// directory search does not open it again, nor name it twice.
bool was_rejected(const SearchState& s, const char* path) { return s.rejected->contains(path); }

// Tries one candidate path; `entry` when it comes from the cache, whose
// version was already checked against the requirement.
Found try_path(SearchState& s, const char* path, const ldr_cache_entry* entry = nullptr) {
  if (entry == nullptr && s.rejected != nullptr && was_rejected(s, path)) return Found::kNo;
  if (diag::tracing(diag::kTraceLibs)) diag::trace_line({"  trying file=", path});
  const char* message = nullptr;
  int err = 0;
  s.tried = true;
  switch (open_object(s.rt, path, s.file, &message, &err)) {
    case OpenStatus::kOk:
      if (entry == nullptr) return meets_requirement(s, path) ? Found::kYes : Found::kNo;
      if (is_fresh(*s.file, *entry)) return Found::kYes;
      if (diag::tracing(diag::kTraceLibs))
        diag::trace_line({"  stale cache entry skipped: file=", path, " changed"});
      close_object(s.file);
      return Found::kNo;
    case OpenStatus::kSkipped:
      // glibc reports a file of another class (not machine) if nothing else is found.
      if (!base::str_eq(message, elf::kMsgWrongMachine)) s.other_class = message;
      return Found::kNo;
    case OpenStatus::kNoFile:
      if (err != base::kEnoent && err != 20 /* ENOTDIR */) s.last_errno = err;
      return Found::kNo;
    case OpenStatus::kInvalid:
      s.diag.fail(kOccasionLoad, s.rt.arena.dup(path), {message}, err);
      return Found::kError;
    case OpenStatus::kInvalidLayout:
      s.diag.fail(kOccasionLoad, s.name, {message}, err);
      return Found::kError;
  }
  return Found::kNo;
}

constexpr char kHwcapsDir[] = "/glibc-hwcaps";
constexpr size_t kHwcapsDirLen = sizeof kHwcapsDir - 1;

// The glibc-hwcaps subdirectories in priority order (search/hwcaps.h),
// computed at the first search that needs them (the built-ins ask the CPU).
const search::HwcapsName* hwcaps_subdirs(Runtime& rt, uint32_t* count) {
  if (rt.hwcaps == nullptr) {
    const Options& o = rt.options;
    uint32_t capacity = search::hwcaps_priorities_capacity(o.glibc_hwcaps_prepend);
    auto* names = rt.arena.make_array<search::HwcapsName>(capacity);
    if (names == nullptr) {
      *count = 0;
      return nullptr;
    }
    auto active = [&rt](unsigned level) { return libc_hwcaps_level_active(rt, level); };
    rt.hwcaps_count = search::hwcaps_priorities(o.glibc_hwcaps_prepend, o.glibc_hwcaps_mask, active, names);
    rt.hwcaps = names;
  }
  *count = rt.hwcaps_count;
  return rt.hwcaps;
}

}  // namespace

// A directory probed for a glibc-hwcaps subdirectory.
struct search::HwcapsDir {
  HwcapsDir* next;
  const char* dir;
  size_t len;
  bool present;
};

namespace {

// Whether directory buf[0, len) has a glibc-hwcaps subdirectory: one system
// call a directory and process (glibc instead tries the file in each
// subdirectory the first time it searches a directory, and stats the
// subdirectory after each miss). buf must have room for the probe's name
// after the directory's (kHwcapsDirLen + 1 bytes); it is taken back.
bool has_glibc_hwcaps(Runtime& rt, char* buf, size_t len) {
  for (const search::HwcapsDir* d = rt.hwcaps_dirs; d != nullptr; d = d->next)
    if (d->len == len && __builtin_memcmp(d->dir, buf, len) == 0) return d->present;
  __builtin_memcpy(buf + len, kHwcapsDir, kHwcapsDirLen + 1);
  long fd = base::sys_openat(base::kAtFdcwd, buf, base::kOpenPath | base::kOpenDirectory | base::kOpenCloexec);
  buf[len] = '\0';
  bool present = !base::sys_failed(fd);
  if (present) base::sys_close(static_cast<int>(fd));
  auto* d = rt.arena.make<search::HwcapsDir>();  // out of memory: not remembered, asked again
  const char* dir = d != nullptr ? rt.arena.dup(buf, len) : nullptr;
  if (dir != nullptr) {
    *d = search::HwcapsDir{rt.hwcaps_dirs, dir, len, present};
    rt.hwcaps_dirs = d;
  }
  return present;
}

// One element of a search list at *cursor, token-expanded into out[0, cap)
// without trailing slashes: its length, or -1 when it cannot be used.
// Advances *cursor past the element and its separator; *last at the list's end.
long expand_element(const SearchState& s, const char** cursor, bool semicolons, const search::Tokens& tokens,
                    const Module* origin_of, char* out, size_t cap, bool* last) {
  const char* elem = *cursor;
  const char* p = elem;
  while (*p != '\0' && *p != ':' && !(semicolons && *p == ';')) ++p;
  *last = *p == '\0';
  *cursor = *last ? p : p + 1;
  size_t len = static_cast<size_t>(p - elem);
  long n = len == 0 ? 1 : search::expand_tokens(elem, len, tokens, out, cap);
  if (len == 0) __builtin_memcpy(out, ".", 2);  // an empty element is the current directory
  // In secure mode an executable's $ORIGIN must land in a trusted directory.
  if (n >= 0 && s.rt.startup.secure && origin_of != nullptr && origin_of->is_executable() &&
      mentions_origin(elem, len) && !is_trusted_directory(out))
    n = -1;
  while (n > 1 && out[n - 1] == '/') out[--n] = '\0';
  return n;
}

// LDR_DEBUG=libs: " search path=DIR:DIR\t\t(LABEL[ from file FILE])". Out of
// line so its two path buffers are on the stack only when tracing.
[[gnu::noinline]] void trace_search_path(const SearchState& s, const char* list, const Module* origin_of,
                                         bool semicolons, const search::Tokens& tokens, const char* label,
                                         const char* label_file) {
  char dirs[kPathMax];
  char dir[kPathMax];
  base::Writer joined(dirs, sizeof dirs);
  bool first = true;
  for (const char* p = list;;) {
    bool last;
    long n = expand_element(s, &p, semicolons, tokens, origin_of, dir, sizeof dir - 1, &last);
    if (n >= 0) {
      size_t len = static_cast<size_t>(n);
      uint32_t count = 0;
      const search::HwcapsName* subdirs =
          len + kHwcapsDirLen < sizeof dir && has_glibc_hwcaps(s.rt, dir, len) ? hwcaps_subdirs(s.rt, &count) : nullptr;
      for (uint32_t i = 0; i < count; ++i) {
        if (!first) joined.ch(':');
        joined.str(dir, len).str(kHwcapsDir).ch('/').str(subdirs[i].name, subdirs[i].len);
        first = false;
      }
      if (!first) joined.ch(':');
      joined.str(dir);
      first = false;
    }
    if (last) break;
  }
  joined.flush();
  diag::TraceLine t;
  t.str(" search path=").str(dirs).str("\t\t(").str(label);
  if (label_file != nullptr) t.str(" from file ").str(label_file);
  t.ch(')');
}

// The list element at *cursor expanded into buf, the name appended, and
// tried; *cursor and *last advance as expand_element's do. *fits is false
// when buf is too small for it (nothing tried; an element that cannot be
// used at all also says so, and the caller's retry with a larger buffer
// then finds it unusable again).
Found try_element(SearchState& s, const char** cursor, bool semicolons, const search::Tokens& tokens,
                  const Module* origin_of, size_t name_len, char* buf, size_t cap, bool* last, bool* fits) {
  long n = expand_element(s, cursor, semicolons, tokens, origin_of, buf, cap - 1, last);
  size_t len = static_cast<size_t>(n);
  *fits = n >= 0 && len + 1 + name_len < cap && len + kHwcapsDirLen < cap;
  if (!*fits) return Found::kNo;
  // DIR/glibc-hwcaps/SUBDIR/NAME in priority order, then DIR/NAME.
  uint32_t count = 0;
  const search::HwcapsName* subdirs = has_glibc_hwcaps(s.rt, buf, len) ? hwcaps_subdirs(s.rt, &count) : nullptr;
  for (uint32_t i = 0; i < count; ++i) *fits &= len + kHwcapsDirLen + subdirs[i].len + 2 + name_len < cap;
  if (!*fits) return Found::kNo;
  for (uint32_t i = 0; i <= count; ++i) {
    base::Writer w(buf + len, cap - len);
    if (i < count) w.str(kHwcapsDir).ch('/').str(subdirs[i].name, subdirs[i].len);
    w.ch('/').str(s.name);
    w.flush();
    Found f = try_path(s, buf);
    if (f == Found::kYes) s.file->path = s.rt.arena.dup(buf);
    if (f != Found::kNo) return f;
  }
  return Found::kNo;
}

// The same with a PATH_MAX buffer, out of line: on the stack only for the
// rare path longer than try_list's.
[[gnu::noinline]] Found try_long_element(SearchState& s, const char* element, bool semicolons,
                                         const search::Tokens& tokens, const Module* origin_of, size_t name_len) {
  char buf[kPathMax];
  bool last, fits;
  return try_element(s, &element, semicolons, tokens, origin_of, name_len, buf, sizeof buf, &last, &fits);
}

// Walks a ':'-separated list (';' too for LD_LIBRARY_PATH), expanding tokens
// relative to `origin_of`. `label`/`label_file` describe the list in traces.
// A 512-byte path buffer, a PATH_MAX one only for a longer path: the stack
// is the loader's, and every page of it a search reaches is a fault (a 4 KiB
// buffer here took small programs two stack pages deeper than glibc).
Found try_list(SearchState& s, const char* list, const Module* origin_of, bool semicolons,
               const char* label, const char* label_file) {
  if (list == nullptr) return Found::kNo;
  search::Tokens tokens{origin_of != nullptr ? module_origin(s.rt, const_cast<Module*>(origin_of)) : nullptr,
                        kLibToken, s.rt.startup.at_platform, s.rt.startup.secure};
  if (diag::tracing(diag::kTraceLibs)) trace_search_path(s, list, origin_of, semicolons, tokens, label, label_file);
  size_t name_len = base::str_len(s.name);
  char path[512];
  for (const char* p = list;;) {
    const char* element = p;
    bool last, fits;
    Found f = try_element(s, &p, semicolons, tokens, origin_of, name_len, path, sizeof path, &last, &fits);
    if (!fits) f = try_long_element(s, element, semicolons, tokens, origin_of, name_len);
    if (f != Found::kNo) return f;
    if (last) break;
  }
  return Found::kNo;
}

bool inhibited(const Runtime& rt, const Module* m) {
  const char* list = rt.options.inhibit_rpath;
  if (list == nullptr) return false;
  for (const char* p = list; *p != '\0';) {
    const char* w = p;
    while (*p != '\0' && *p != ':') ++p;
    size_t n = static_cast<size_t>(p - w);
    for (const char* cand : {m->path, m->name}) {
      if (cand != nullptr && base::str_len(cand) == n && __builtin_memcmp(cand, w, n) == 0)
        return true;
    }
    if (*p == ':') ++p;
  }
  return false;
}

// "rejecting file=…" for a cache entry too old for the requirement (out of
// line: a TraceLine's buffer would sit in try_cache's frame on every search).
[[gnu::cold, gnu::noinline]] void trace_cache_rejection(const char* path, const ProvidedVersion& have) {
  diag::TraceLine t;
  t.str("  rejecting file=").str(path).str(" (");
  if (have.present) t.str("version ").dec(have.version).ch('.').dec(have.revision);
  else t.str("no version");
  t.str(" in the cache)");
}

// The cache's candidates of one hwcaps level, in search order.
Found try_cache_level(SearchState& s, const cache::View& view, const cache::Candidates& c, uint8_t level,
                      bool nodeflib, bool tracing) {
  for (uint32_t i = 0; i < c.count; ++i) {
    const ldr_cache_entry& e = c.first[i];
    if (e.hwcap_level != level) continue;
    const char* path = view.string(e.path_offset);
    // glibc's DF_1_NODEFLIB rule for cache entries (elf/dl-load.c): an
    // entry whose path lies in a system directory is not used.
    if (nodeflib && below_system_dir(path, false)) continue;
    if (s.rejected != nullptr && was_rejected(s, path)) continue;  // e.g. by LD_LIBRARY_PATH
    if (s.need != nullptr) {
      ProvidedVersion have{(e.flags & LDR_CACHE_FLAG_HAS_VERSION) != 0, e.version, e.revision};
      if (!satisfies(have, *s.need)) {
        if (tracing) trace_cache_rejection(path, have);
        reject(s, path, have);
        continue;
      }
    }
    Found f = try_path(s, path, &e);
    if (f == Found::kYes) s.file->path = path;  // the mapping lives as long as the process
    if (f != Found::kNo) return f;
  }
  return Found::kNo;
}

// The ldr cache (cache/): one hash lookup, then the soname's candidates:
// those of glibc-hwcaps subdirectories first, by the subdirectories' priority
// (search/hwcaps.h: the prepended names, then the highest level this CPU runs;
// glibc's search_cache prefers them so), then the plain ones; search order
// within a level. The CPU is asked only for a soname that has such entries.
// A candidate the cache says is too old is rejected without being opened; a
// stale entry (file changed or vanished) is skipped.
Found try_cache(SearchState& s, bool nodeflib) {
  const cache::View* view = cache::process_cache(s.rt);
  if (view == nullptr) return Found::kNo;
  bool tracing = diag::tracing(diag::kTraceLibs);
  if (tracing) diag::trace_line({" search cache=", cache::cache_path(s.rt)});
  cache::Candidates c = cache::lookup(*view, s.name, base::str_len(s.name));
  uint32_t levels = 0;  // bit L: some candidate has hwcap_level L
  for (uint32_t i = 0; i < c.count; ++i) levels |= 1u << c.first[i].hwcap_level;
  if ((levels & ~1u) != 0) {
    uint32_t count, tried = 0;
    const search::HwcapsName* subdirs = hwcaps_subdirs(s.rt, &count);
    for (uint32_t i = 0; i < count; ++i) {
      uint32_t bit = 1u << subdirs[i].level;
      if (subdirs[i].level == 0 || (levels & bit) == 0 || (tried & bit) != 0) continue;
      tried |= bit;
      if (Found f = try_cache_level(s, *view, c, subdirs[i].level, nodeflib, tracing); f != Found::kNo) return f;
    }
  }
  if ((levels & 1u) == 0) return Found::kNo;
  return try_cache_level(s, *view, c, 0, nodeflib, tracing);
}

}  // namespace

namespace {

// The kernel-started executable's origin: where /proc/self/exe points, else
// (no /proc, or a "[...]" pseudo-path) LD_ORIGIN_PATH without its trailing
// slashes, as glibc's _dl_get_origin. Out of line, like every path buffer
// here, so the common paths keep a small frame.
[[gnu::noinline]] const char* origin_of_exe(Runtime& rt) {
  char buf[kPathMax];
  long n = base::syscall3(base::kSysReadlink, reinterpret_cast<long>("/proc/self/exe"),
                          reinterpret_cast<long>(buf), sizeof buf - 1);
  if (!base::sys_failed(n) && n > 0 && buf[0] != '[') {
    buf[n] = '\0';
    return origin_of_path(rt, buf);
  }
  const char* env = rt.options.origin_path;
  if (env == nullptr) return nullptr;
  size_t len = base::str_len(env);
  while (len > 1 && env[len - 1] == '/') --len;
  return rt.arena.dup(env, len);
}

// A relative path's directory, made absolute with the working directory.
[[gnu::noinline]] const char* origin_of_relative_path(Runtime& rt, const char* path) {
  const char* slash = base::str_rchr(path, '/');
  char out[kPathMax];
  if (base::sys_failed(base::sys_getcwd(out, sizeof out))) return nullptr;
  size_t cwd_len = base::str_len(out);
  base::Writer w(out + cwd_len, sizeof out - cwd_len);
  if (slash != nullptr) w.ch('/').str(path, static_cast<size_t>(slash - path));
  w.flush();
  return rt.arena.dup(out);
}

}  // namespace

const char* module_origin(Runtime& rt, Module* m) {
  if (m->origin != nullptr) return m->origin;
  // The vDSO has no file: glibc gives it no origin (l_origin -1), and its
  // name is not a path to resolve against the working directory.
  if (m->kind == ModuleKind::kVdso) return nullptr;
  const char* path = m->path != nullptr && m->path[0] != '\0' ? m->path : nullptr;
  m->origin = path != nullptr ? origin_of_path(rt, path) : origin_of_exe(rt);
  return m->origin;
}

const char* origin_of_path(Runtime& rt, const char* path) {
  if (path[0] != '/') return origin_of_relative_path(rt, path);
  const char* slash = base::str_rchr(path, '/');
  if (slash == path) return rt.arena.dup("/");
  return rt.arena.dup(path, static_cast<size_t>(slash - path));
}

namespace {

// A name with a slash, opened as `path` (the name itself, or its token
// expansion).
bool open_by_path(SearchState& s, const char* name, const char* path, const Module* requester) {
  Runtime& rt = s.rt;
  Diag& diag = s.diag;
  const char* message = nullptr;
  int err = 0;
  switch (open_object(rt, path, s.file, &message, &err)) {
    case OpenStatus::kOk:
      if (!meets_requirement(s, path)) {
        fail_requirement(diag, name, *s.need, requester != nullptr ? requester->display_name() : rt.progname,
                         s.rejected);
        return false;
      }
      s.file->path = rt.arena.dup(path);
      return true;
    case OpenStatus::kNoFile:
      diag.fail(kOccasionLoad, name, {"cannot open shared object file"}, err);
      return false;
    case OpenStatus::kSkipped:
    case OpenStatus::kInvalid:
    case OpenStatus::kInvalidLayout:
      diag.fail(kOccasionLoad, name, {message}, err);
      return false;
  }
  return false;
}

// A name with tokens: expanded first. Out of line, so its PATH_MAX buffer is
// on the stack only for such a name.
[[gnu::noinline]] bool open_expanded_path(SearchState& s, const char* name, const Module* requester) {
  char expanded[kPathMax];
  search::Tokens tokens{requester != nullptr ? module_origin(s.rt, const_cast<Module*>(requester)) : nullptr,
                        kLibToken, s.rt.startup.at_platform, s.rt.startup.secure};
  if (search::expand_tokens(name, base::str_len(name), tokens, expanded, sizeof expanded) < 0) {
    s.diag.fail(kOccasionLoad, name, {"cannot load library with unexpandable dynamic string token"});
    return false;
  }
  return open_by_path(s, name, expanded, requester);
}

// A name with a slash: opened as given, after token expansion.
bool find_by_path(SearchState& s, const char* name, const Module* requester) {
  return search::has_tokens(name) ? open_expanded_path(s, name, requester) : open_by_path(s, name, name, requester);
}

}  // namespace

namespace {

// One step of the search order: a list of directories and how to expand
// it, or (list nullptr) the ldr cache's place.
struct SearchStep {
  const char* list;
  const Module* origin_of;  // whose $ORIGIN the list's tokens name
  bool semicolons;          // ';' separates too (the environment's lists)
  const char* label;        // for LDR_DEBUG=libs
  const char* label_file;
  bool nodeflib;            // the cache's step: DF_1_NODEFLIB of the requester (or the program)
};

// glibc's order (elf/dl-load.c _dl_map_object): DT_RPATH of the requester
// and its loaders unless the requester has DT_RUNPATH, then the program's —
// unless the chain reached it; `main_rpath_again` keeps glibc's
// _dl_rtld_di_serinfo, which names it again then — LDR_LIBRARY_PATH,
// LD_LIBRARY_PATH (both expanding $ORIGIN as the program's directory, as
// glibc's _dl_init_paths), DT_RUNPATH, the ldr cache, the system directories
// unless DF_1_NODEFLIB. step(SearchStep) returns true to stop the walk.
template <typename F>
void walk_search_order(Runtime& rt, const Module* requester, bool main_rpath_again, F&& step) {
  if (requester == nullptr || requester->dyn.runpath == nullptr) {
    bool did_main = false;
    for (const Module* l = requester; l != nullptr; l = l->loader) {
      if (l->dyn.rpath == nullptr || inhibited(rt, l)) continue;
      if (step(SearchStep{l->dyn.rpath, l, false, "RPATH", l->display_name(), false})) return;
      did_main |= l == rt.main;
    }
    const Module* m = rt.main;
    bool again = main_rpath_again ? m != requester : !did_main;
    if (again && m != nullptr && m->dyn.rpath != nullptr && !inhibited(rt, m) &&
        step(SearchStep{m->dyn.rpath, m, false, "RPATH", m->display_name(), false}))
      return;
  }
  if (!rt.startup.secure && rt.options.ldr_library_path != nullptr &&
      step(SearchStep{rt.options.ldr_library_path, rt.main, true, "LDR_LIBRARY_PATH", nullptr, false}))
    return;
  if (rt.options.library_path != nullptr &&
      step(SearchStep{rt.options.library_path, rt.main, true, "LD_LIBRARY_PATH", nullptr, false}))
    return;
  if (requester != nullptr && requester->dyn.runpath != nullptr && !inhibited(rt, requester) &&
      step(SearchStep{requester->dyn.runpath, requester, false, "RUNPATH", requester->display_name(), false}))
    return;
  const Module* l = requester != nullptr ? requester : rt.main;
  bool nodeflib = l != nullptr && (l->dyn.flags_1 & elf::DF_1_NODEFLIB) != 0;
  if (step(SearchStep{nullptr, nullptr, false, nullptr, nullptr, nodeflib}) || nodeflib) return;
  step(SearchStep{LDR_SYSTEM_DIRS, nullptr, false, "system search path", nullptr, false});
}

}  // namespace

bool find_object(Runtime& rt, Diag& diag, const char* name, const Module* requester,
                 OpenedFile* f, const elf::LdrRequire* need) {
  SearchState s{rt, diag, name, f, 0, nullptr, need};
  if (base::has_slash(name)) return find_by_path(s, name, requester);

  if (diag::tracing(diag::kTraceLibs))
    diag::trace_line({"find library=", name, Module::namespace_tag(rt.loading_ns), "; searching"});
  Found found = Found::kNo;
  walk_search_order(rt, requester, false, [&](const SearchStep& st) {
    found = st.list == nullptr ? try_cache(s, st.nodeflib)
                               : try_list(s, st.list, st.origin_of, st.semicolons, st.label, st.label_file);
    return found != Found::kNo;
  });
  // glibc's empty line after every search, found or not.
  if (found != Found::kError && diag::tracing(diag::kTraceLibs)) diag::trace_line({});
  if (found == Found::kYes) return true;
  if (found == Found::kNo) {
    if (need != nullptr && s.rejected != nullptr)
      fail_requirement(diag, name, *need, requester != nullptr ? requester->display_name() : rt.progname,
                       s.rejected);
    else if (s.other_class != nullptr) diag.fail(kOccasionLoad, name, {s.other_class});
    else diag.fail(kOccasionLoad, name, {"cannot open shared object file"},
                   s.last_errno != 0 ? s.last_errno : s.tried ? base::kEnoent : 0);
  }
  return false;
}

namespace {

// One list's directories for for_each_search_dir: each usable element,
// expanded, unless an earlier element of the same list expanded to it
// (glibc's fillin_rpath keeps a directory once a list).
[[gnu::noinline]] void visit_list(SearchState& s, const char* list, const Module* origin_of, bool semicolons,
                                  void (*visit)(void*, const char*), void* ctx) {
  if (list == nullptr) return;
  search::Tokens tokens{origin_of != nullptr ? module_origin(s.rt, const_cast<Module*>(origin_of)) : nullptr,
                        kLibToken, s.rt.startup.at_platform, s.rt.startup.secure};
  char dir[kPathMax], earlier[kPathMax];
  for (const char* p = list;;) {
    const char* element = p;
    bool last;
    long n = expand_element(s, &p, semicolons, tokens, origin_of, dir, sizeof dir - 1, &last);
    bool repeat = false;
    for (const char* q = list; n >= 0 && !repeat && q != element;) {  // the elements before this one
      bool end;
      long m = expand_element(s, &q, semicolons, tokens, origin_of, earlier, sizeof earlier - 1, &end);
      repeat = m == n && __builtin_memcmp(earlier, dir, static_cast<size_t>(n)) == 0;
    }
    if (n >= 0 && !repeat) visit(ctx, dir);
    if (last) break;
  }
}

}  // namespace

void for_each_search_dir(Runtime& rt, const Module* loader, void (*visit)(void*, const char*), void* ctx) {
  Diag ignored;
  SearchState s{rt, ignored, "", nullptr, 0};
  walk_search_order(rt, loader, true, [&](const SearchStep& st) {
    if (st.list != nullptr) visit_list(s, st.list, st.origin_of, st.semicolons, visit, ctx);
    return false;
  });
}

}  // namespace ldr
