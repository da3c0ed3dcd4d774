// SPDX-License-Identifier: MIT
// XXH3-64 (xxHash >= 0.8.0, stable output), default secret, seed 0: the
// soname hash and the checksum of the cache file (include/ldr/cache_format.h).
// Pure and freestanding: the loader cannot link libxxhash. SSE2 at most;
// equal to libxxhash's XXH3_64bits() for every input (unit-tested).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ldr::cache {

uint64_t xxh3_64(const void* data, size_t len);

// XXH3-64 of `data` as if the 8 bytes at `hole` read as zero: the cache
// checksum, computed in place over a read-only mapping. hole + 8 <= 64.
uint64_t xxh3_64_with_hole(const void* data, size_t len, size_t hole);

}  // namespace ldr::cache
