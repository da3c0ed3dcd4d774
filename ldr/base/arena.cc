// SPDX-License-Identifier: MIT
// Arena: chunks of anonymous memory from mmap, carved by bumping a pointer;
// released blocks are kept on exact-size free lists and reused first.
#include "base/arena.h"

#include "base/mem.h"
#include "base/spin_lock.h"
#include "base/sys.h"

namespace ldr::base {

namespace {
constexpr size_t kChunk = 64 * 1024;
constexpr size_t kChunkHeader = 16;

size_t round8(size_t n) { return (n + 7) & ~size_t{7}; }

// The free-list link lives in the block itself; blocks may be only 1-aligned
// (strings), so it is copied rather than dereferenced.
void* load_link(const void* block) {
  void* next;
  copy_bytes(&next, block, sizeof next);
  return next;
}
void store_link(void* block, void* next) { copy_bytes(block, &next, sizeof next); }

}  // namespace

void* Arena::take(size_t n, size_t align) {
  if (n <= kBins * 8) {
    void*& head = bins_[n / 8 - 1];
    if (head == nullptr || (reinterpret_cast<uintptr_t>(head) & (align - 1)) != 0) return nullptr;
    void* p = head;
    head = load_link(p);
    return p;
  }
  // Large blocks: {next, size} at the start of the block.
  for (void** link = &large_; *link != nullptr;) {
    void* b = *link;
    size_t size;
    copy_bytes(&size, static_cast<char*>(b) + 8, sizeof size);
    if (size == n && (reinterpret_cast<uintptr_t>(b) & (align - 1)) == 0) {
      *link = load_link(b);
      return b;
    }
    link = static_cast<void**>(b);  // large blocks are 8-aligned (release drops the others)
  }
  return nullptr;
}

void* Arena::allocate(size_t n, size_t align) {
  SpinGuard lock(&lock_);
  return allocate_locked(n, align);
}

void Arena::release(void* p, size_t n) {
  SpinGuard lock(&lock_);
  release_locked(p, n);
}

void* Arena::allocate_locked(size_t n, size_t align) {
  if (n == 0) n = 1;
  if (n > SIZE_MAX - 8) return nullptr;
  n = round8(n);
  if (void* reused = take(n, align)) {
    fill_bytes(reused, 0, n);
    live_ += n;
    return reused;
  }
  uintptr_t p = (cur_ + align - 1) & ~(align - 1);
  if (cur_ == 0 || p + n < p || p + n > end_) {
    size_t want = n + align + kChunkHeader > kChunk ? (n + align + kChunkHeader + 4095) & ~size_t{4095} : kChunk;
    long r = sys_mmap(nullptr, want, kProtRead | kProtWrite, kMapPrivate | kMapAnonymous, -1, 0);
    if (sys_failed(r)) return nullptr;
    auto* chunk = reinterpret_cast<uintptr_t*>(r);  // {next, size}: what owns() walks
    chunk[0] = reinterpret_cast<uintptr_t>(chunks_);
    chunk[1] = want;
    chunks_ = chunk;
    cur_ = static_cast<uintptr_t>(r) + kChunkHeader;
    end_ = static_cast<uintptr_t>(r) + want;
    mapped_ += want;
    p = (cur_ + align - 1) & ~(align - 1);
  }
  cur_ = p + n;
  live_ += n;
  return reinterpret_cast<void*>(p);  // fresh anonymous pages are zero
}

bool Arena::owns(const void* p) const {
  auto a = reinterpret_cast<uintptr_t>(p);
  for (const auto* c = static_cast<const uintptr_t*>(chunks_); c != nullptr;
       c = reinterpret_cast<const uintptr_t*>(c[0])) {
    auto start = reinterpret_cast<uintptr_t>(c);
    if (a >= start + kChunkHeader && a < start + c[1]) return true;
  }
  return false;
}

void Arena::release_locked(void* p, size_t n) {
  if (p == nullptr || !owns(p)) return;
  if (n == 0) n = 1;
  n = round8(n);
  live_ -= n;
  if (n <= kBins * 8) {
    store_link(p, bins_[n / 8 - 1]);
    bins_[n / 8 - 1] = p;
    return;
  }
  if ((reinterpret_cast<uintptr_t>(p) & 7) != 0) return;  // cannot hold the header aligned: dropped
  store_link(p, large_);
  copy_bytes(static_cast<char*>(p) + 8, &n, sizeof n);
  large_ = p;
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
