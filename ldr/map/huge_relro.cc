// SPDX-License-Identifier: MIT
// A large object's RELRO in transparent huge pages. RELRO holds the data
// that exists to be relocated (vtables, GOT, tables of pointers): relocation
// writes nearly every page of it, and every page of a file mapping written
// is a copy-on-write fault of its own (libLLVM-14: 1 900 of them). The
// 2 MiB-aligned interior of a RELRO that has one becomes anonymous memory
// the kernel may back with huge pages, filled from the file by pread: a
// fault per 2 MiB, the same one copy of the bytes, one page to free at exit.
// Must not change what the object sees (same bytes, same protections) or
// fail a load: any failure puts the file mapping back.
#include "map/huge_relro.h"

#include "base/sys.h"
#include "map/map.h"

namespace ldr {

namespace {

enum class Thp : uint8_t { kUnknown, kOn, kOff };
Thp g_thp = Thp::kUnknown;

// Transparent huge pages on ("always" or "madvise"), read once from sysfs.
bool huge_pages_on() {
  if (g_thp != Thp::kUnknown) return g_thp == Thp::kOn;
  g_thp = Thp::kOff;
  long fd = base::sys_openat(base::kAtFdcwd, "/sys/kernel/mm/transparent_hugepage/enabled",
                             base::kOpenReadOnly | base::kOpenCloexec);
  if (base::sys_failed(fd)) return false;
  char text[64];
  long n = base::sys_read(static_cast<int>(fd), text, sizeof text - 1);
  base::sys_close(static_cast<int>(fd));
  if (n <= 0) return false;
  text[n] = '\0';
  // "always [madvise] never": the bracketed word is the setting.
  for (long i = 0; i + 7 <= n; ++i)
    if (__builtin_memcmp(text + i, "[never]", 7) == 0) return false;
  g_thp = Thp::kOn;
  return true;
}

// The writable PT_LOAD whose file bytes hold [lo, hi) (link-time addresses).
const elf::Elf64_Phdr* segment_holding(const OpenedFile& f, uint64_t lo, uint64_t hi) {
  for (uint16_t i = 0; i < f.plan.phnum; ++i) {
    const elf::Elf64_Phdr& p = f.phdr[i];
    if (p.p_type == elf::PT_LOAD && (p.p_flags & elf::PF_W) != 0 && p.p_vaddr <= lo &&
        hi <= p.p_vaddr + p.p_filesz)
      return &p;
  }
  return nullptr;
}

}  // namespace

uint64_t huge_relro_anchor(const OpenedFile& f, uint64_t page) {
  if (f.plan.relro < 0) return 0;
  const elf::Elf64_Phdr& relro = f.phdr[f.plan.relro];
  uint64_t lo = (relro.p_vaddr + page - 1) & ~(page - 1);
  uint64_t hi = relro.p_vaddr + relro.p_memsz;
  if (hi < lo + kHugePageSize || segment_holding(f, lo, hi) == nullptr || !huge_pages_on()) return 0;
  return lo;
}

uint64_t move_relro_to_huge_pages(const OpenedFile& f, uintptr_t bias) {
  if (f.plan.relro < 0) return 0;
  const elf::Elf64_Phdr& relro = f.phdr[f.plan.relro];
  uint64_t lo = (bias + relro.p_vaddr + kHugePageSize - 1) & ~(kHugePageSize - 1);
  uint64_t hi = (bias + relro.p_vaddr + relro.p_memsz) & ~(kHugePageSize - 1);
  if (hi <= lo) return 0;
  const elf::Elf64_Phdr* seg = segment_holding(f, lo - bias, hi - bias);
  if (seg == nullptr) return 0;
  // lo is page-aligned and p_offset ≡ p_vaddr (mod page): so is the offset.
  uint64_t off = seg->p_offset + (lo - (bias + seg->p_vaddr));
  int prot = segment_protection(seg->p_flags);
  auto* at = reinterpret_cast<void*>(lo);
  long r = base::sys_mmap(at, hi - lo, prot, base::kMapPrivate | base::kMapFixed | base::kMapAnonymous, -1, 0);
  if (!base::sys_failed(r)) {
    base::sys_madvise(at, hi - lo, base::kMadvHugepage);
    if (read_file_at(f.fd, at, hi - lo, off)) return hi - lo;
  }
  // Back to the file mapping map_object made (nothing was written to it yet).
  base::sys_mmap(at, hi - lo, prot, base::kMapPrivate | base::kMapFixed, f.fd, off);
  return 0;
}

}  // namespace ldr
