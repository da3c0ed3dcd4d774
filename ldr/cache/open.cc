// SPDX-License-Identifier: MIT
// Mapping the cache: one openat, one fstat, one mmap, one close per process.
// The mapping is never unmapped once accepted (paths handed to the search
// point into it). The trust rule follows glibc's for files it reads in
// secure mode: owned by root and not writable by group or others.
#include "cache/open.h"

#include "base/sys.h"
#include "diag/trace.h"
#include "ldr_config.h"
#include "runtime.h"

namespace ldr::cache {

namespace {

void trace_rejected(const char* path, const char* why) {
  if (diag::tracing(diag::kTraceLibs))
    diag::TraceLine().str(" search cache=").str(path).str(": ignored (").str(why).ch(')');
}

const View* map_cache(Runtime& rt, const char* path) {
  long fd = base::sys_openat(base::kAtFdcwd, path, base::kOpenReadOnly | base::kOpenCloexec);
  if (base::sys_failed(fd)) {
    if (-fd != base::kEnoent) trace_rejected(path, "cannot open");
    return nullptr;
  }
  base::KernelStat st;
  const char* why = nullptr;
  void* map = nullptr;
  uint64_t size = 0;
  if (base::sys_failed(base::sys_fstat(static_cast<int>(fd), &st))) {
    why = "cannot stat";
  } else if ((st.st_mode & base::kModeTypeMask) != base::kModeRegular) {
    why = "not a regular file";
  } else if (rt.startup.secure && !trusted_for_secure_mode(st.st_uid, st.st_mode)) {
    why = "not trusted in secure mode";
  } else if (static_cast<uint64_t>(st.st_size) < sizeof(ldr_cache_header)) {
    why = kMsgTooShort;
  } else {
    size = static_cast<uint64_t>(st.st_size);
    // Populated at once: the checksum reads every page anyway.
    long m = base::sys_mmap(nullptr, size, base::kProtRead, base::kMapPrivate | base::kMapPopulate,
                            static_cast<int>(fd), 0);
    if (base::sys_failed(m)) why = "cannot map";
    else map = reinterpret_cast<void*>(m);
  }
  base::sys_close(static_cast<int>(fd));
  View* view = nullptr;
  if (why == nullptr) {
    view = rt.arena.make<View>();
    if (view == nullptr) why = "out of memory";
    else why = validate(map, size, view);
  }
  if (why != nullptr) {
    if (map != nullptr) base::sys_munmap(map, size);
    if (view != nullptr) rt.arena.release(view, sizeof(View));
    trace_rejected(path, why);
    return nullptr;
  }
  return view;
}

}  // namespace

const char* cache_path(const Runtime& rt) {
  return rt.options.cache_path != nullptr ? rt.options.cache_path : LDR_CACHE_PATH;
}

const View* process_cache(Runtime& rt) {
  if (rt.options.inhibit_cache) return nullptr;
  if (!rt.cache_tried) {
    rt.cache_tried = true;
    rt.cache = map_cache(rt, cache_path(rt));
  }
  return rt.cache;
}

}  // namespace ldr::cache
