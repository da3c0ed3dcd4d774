// SPDX-License-Identifier: MIT
// The process's ldr cache: which file (--cache, LDR_CACHE outside secure mode,
// the built-in LDR_CACHE_PATH), opened, fstat'ed, mapped read-only and
// validated once, on the first search that reaches it. A missing, corrupt,
// truncated, foreign or (in secure mode) untrusted file is ignored: the
// search goes on without it. Never writes the file.
#pragma once

#include "cache/reader.h"

namespace ldr {
struct Runtime;
}

namespace ldr::cache {

// The cache file this process uses.
const char* cache_path(const Runtime& rt);

// The validated cache, or nullptr (inhibited, absent or rejected). The first
// call maps it; LDR_DEBUG=libs says once why a file was rejected.
const View* process_cache(Runtime& rt);

}  // namespace ldr::cache
