// SPDX-License-Identifier: MIT
// Arena: chunks of anonymous memory from mmap, carved by bumping a pointer.
#include "base/arena.h"

#include "base/mem.h"
#include "base/sys.h"

namespace ldr::base {

namespace {
constexpr size_t kChunk = 64 * 1024;
}

void* Arena::allocate(size_t n, size_t align) {
  uintptr_t p = (cur_ + align - 1) & ~(align - 1);
  if (cur_ == 0 || p + n < p || p + n > end_) {
    size_t want = n + align > kChunk ? (n + align + 4095) & ~size_t{4095} : kChunk;
    long r = sys_mmap(nullptr, want, kProtRead | kProtWrite, kMapPrivate | kMapAnonymous, -1, 0);
    if (sys_failed(r)) return nullptr;
    cur_ = static_cast<uintptr_t>(r);
    end_ = cur_ + want;
    mapped_ += want;
    p = (cur_ + align - 1) & ~(align - 1);
  }
  cur_ = p + n;
  return reinterpret_cast<void*>(p);  // fresh anonymous pages are zero; never reused
}

char* Arena::dup(const char* s, size_t n) {
  char* d = static_cast<char*>(allocate(n + 1, 1));
  if (d == nullptr) return nullptr;
  copy_bytes(d, s, n);
  d[n] = '\0';
  return d;
}

char* Arena::dup(const char* s) { return dup(s, str_len(s)); }

}  // namespace ldr::base
