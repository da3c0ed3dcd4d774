// SPDX-License-Identifier: MIT
// Segment mapping (glibc's _dl_map_segments, bionic's ReserveAddressSpace +
// MapSegments): one PROT_NONE reservation aligned to the largest p_align, then
// MAP_FIXED file mappings inside it, so objects never overlap each other.
#include "map/map.h"

#include "base/mem.h"
#include "base/sys.h"
#include "map/huge_relro.h"
#include "runtime.h"

namespace ldr {

namespace {

uint64_t page_down(uint64_t v, uint64_t page) { return v & ~(page - 1); }
uint64_t page_up(uint64_t v, uint64_t page) { return (v + page - 1) & ~(page - 1); }

bool fail_map(Diag& diag, const char* path, const char* what, long r) {
  diag.fail(kOccasionLoad, path, {what}, static_cast<int>(-r));
  return false;
}

}  // namespace

int segment_protection(uint32_t p_flags) {
  return ((p_flags & elf::PF_R) ? base::kProtRead : 0) |
         ((p_flags & elf::PF_W) ? base::kProtWrite : 0) |
         ((p_flags & elf::PF_X) ? base::kProtExec : 0);
}

void describe_segments(Module* m, uintptr_t bias, const elf::Elf64_Phdr* phdr, uint16_t phnum,
                       uint64_t page) {
  m->phdr = phdr;
  m->phnum = phnum;
  m->image.bias = bias;
  m->stack_flags = elf::PF_R | elf::PF_W | elf::PF_X;  // glibc's default without PT_GNU_STACK
  bool first = true;
  for (uint16_t i = 0; i < phnum; ++i) {
    const elf::Elf64_Phdr& p = phdr[i];
    switch (p.p_type) {
      case elf::PT_LOAD:
        if (p.p_memsz == 0) break;
        if (first) m->image.lo = page_down(p.p_vaddr, page);
        first = false;
        m->image.hi = p.p_vaddr + p.p_memsz;
        if ((p.p_flags & elf::PF_W) != 0) {
          if (m->writable_hi == 0) m->writable_lo = p.p_vaddr;
          m->writable_hi = p.p_vaddr + p.p_memsz;
        }
        break;
      case elf::PT_TLS:
        m->tls.init_image = reinterpret_cast<const void*>(bias + p.p_vaddr);
        m->tls.init_size = p.p_filesz;
        m->tls.size = p.p_memsz;
        m->tls.align = p.p_align != 0 ? p.p_align : 1;
        m->tls.first_byte = p.p_vaddr & (m->tls.align - 1);
        break;
      case elf::PT_GNU_RELRO: {
        uint64_t start = page_down(bias + p.p_vaddr, page);
        uint64_t end = page_down(bias + p.p_vaddr + p.p_memsz, page);
        m->relro_start = start;
        m->relro_size = end > start ? end - start : 0;
        break;
      }
      case elf::PT_GNU_STACK: m->stack_flags = p.p_flags; break;
      default: break;
    }
  }
}

bool map_object(Runtime& rt, Diag& diag, const OpenedFile& f, Module* m) {
  const elf::LoadPlan& plan = f.plan;
  uint64_t page = rt.startup.page_size;
  uint64_t span = plan.span_hi - plan.span_lo;
  // glibc names the object as requested (its DT_NEEDED name) in these errors.
  const char* shown = m->name != nullptr ? m->name : f.path;
  // A large RELRO goes to huge pages only in objects that will be relocated
  // (ldd without -r writes nothing).
  uint64_t anchor = rt.options.huge_relro && relocates(rt.options) ? huge_relro_anchor(f, page) : 0;
  uintptr_t start;
  size_t reserved;
  if (plan.e_type == elf::ET_EXEC) {
    long r = base::sys_mmap(reinterpret_cast<void*>(plan.span_lo), span, base::kProtNone,
                            base::kMapPrivate | base::kMapAnonymous | base::kMapFixedNoreplace,
                            -1, 0);
    if (base::sys_failed(r) || static_cast<uint64_t>(r) != plan.span_lo) {
      if (!base::sys_failed(r)) base::sys_munmap(reinterpret_cast<void*>(r), span);
      return fail_map(diag, shown, "cannot map segment at its fixed address", base::sys_failed(r) ? r : -base::kEnomem);
    }
    start = plan.span_lo;
    reserved = span;
  } else {
    // start ≡ residue (mod modulus): aligned to the largest p_align, or so
    // that a RELRO for huge pages starts one (huge_relro.h).
    uint64_t modulus = plan.max_align > page ? plan.max_align : page, residue = 0;
    if (anchor != 0 && kHugePageSize % modulus == 0 && (anchor - plan.span_lo) % modulus == 0) {
      modulus = kHugePageSize;
      residue = (plan.span_lo - anchor) & (kHugePageSize - 1);
    }
    uint64_t extra = modulus > page ? modulus - page : 0;
    long r = base::sys_mmap(nullptr, span + extra, base::kProtNone,
                            base::kMapPrivate | base::kMapAnonymous, -1, 0);
    if (base::sys_failed(r)) return fail_map(diag, shown, "failed to map segment from shared object", r);
    uintptr_t raw = static_cast<uintptr_t>(r);
    start = raw + ((residue - raw) & (modulus - 1));
    if (start > raw) base::sys_munmap(reinterpret_cast<void*>(raw), start - raw);
    uintptr_t tail = start + span;
    if (raw + span + extra > tail) base::sys_munmap(reinterpret_cast<void*>(tail), raw + span + extra - tail);
    reserved = span;
  }
  uintptr_t bias = start - plan.span_lo;
  m->map_start = start;
  m->map_size = reserved;

  for (uint16_t i = 0; i < plan.phnum; ++i) {
    const elf::Elf64_Phdr& p = f.phdr[i];
    if (p.p_type != elf::PT_LOAD || p.p_memsz == 0) continue;
    int prot = segment_protection(p.p_flags);
    uint64_t seg_page = page_down(bias + p.p_vaddr, page);
    uint64_t file_end = bias + p.p_vaddr + p.p_filesz;  // end of file-backed bytes
    uint64_t mem_end = bias + p.p_vaddr + p.p_memsz;
    if (p.p_filesz > 0) {
      uint64_t off = page_down(p.p_offset, page);
      uint64_t len = page_up(file_end, page) - seg_page;
      long r = base::sys_mmap(reinterpret_cast<void*>(seg_page), len, prot,
                              base::kMapPrivate | base::kMapFixed, f.fd, off);
      if (base::sys_failed(r)) {
        unmap_object(m);
        return fail_map(diag, shown, "failed to map segment from shared object", r);
      }
    }
    // The rest of the last file page belongs to the bss: zero it.
    uint64_t zero_page = p.p_filesz > 0 ? page_up(file_end, page) : seg_page;
    if (p.p_filesz > 0 && mem_end > file_end && zero_page > file_end) {
      bool writable = (prot & base::kProtWrite) != 0;
      if (!writable) base::sys_mprotect(reinterpret_cast<void*>(page_down(file_end, page)), page, prot | base::kProtWrite);
      uint64_t stop = mem_end < zero_page ? mem_end : zero_page;
      base::fill_bytes(reinterpret_cast<void*>(file_end), 0, stop - file_end);
      if (!writable) base::sys_mprotect(reinterpret_cast<void*>(page_down(file_end, page)), page, prot);
    }
    if (page_up(mem_end, page) > zero_page) {
      long r = base::sys_mmap(reinterpret_cast<void*>(zero_page), page_up(mem_end, page) - zero_page,
                              prot, base::kMapPrivate | base::kMapFixed | base::kMapAnonymous, -1, 0);
      if (base::sys_failed(r)) {
        unmap_object(m);
        return fail_map(diag, shown, "cannot map zero-fill pages", r);
      }
    }
  }

  if (anchor != 0) move_relro_to_huge_pages(f, bias);

  // Program headers: use the mapped copy when a segment holds them.
  const elf::Elf64_Phdr* phdr = f.phdr;
  if (plan.phdr_vaddr != 0) phdr = reinterpret_cast<const elf::Elf64_Phdr*>(bias + plan.phdr_vaddr);
  describe_segments(m, bias, phdr, plan.phnum, page);
  m->entry = bias + plan.e_entry;
  m->dev = f.dev;
  m->ino = f.ino;
  m->file_size = f.size;
  m->mtime_ns = f.mtime_ns;
  return true;
}

bool make_stack_executable(uintptr_t stack_address, uint64_t page) {
  constexpr int kProtGrowsdown = 0x01000000;  // extend to the whole stack mapping
  long r = base::sys_mprotect(reinterpret_cast<void*>(page_down(stack_address, page)), page,
                              base::kProtRead | base::kProtWrite | base::kProtExec | kProtGrowsdown);
  return !base::sys_failed(r);
}

void unmap_object(Module* m) {
  if (m->map_size != 0) base::sys_munmap(reinterpret_cast<void*>(m->map_start), m->map_size);
  m->map_size = 0;
}

void protect_relro(const Module& m, uint64_t) {
  if (m.relro_size == 0) return;
  base::sys_mprotect(reinterpret_cast<void*>(m.relro_start), m.relro_size, base::kProtRead);
}

bool set_text_writable(const Module& m, bool writable, uint64_t page) {
  for (uint16_t i = 0; i < m.phnum; ++i) {
    const elf::Elf64_Phdr& p = m.phdr[i];
    if (p.p_type != elf::PT_LOAD || p.p_memsz == 0 || (p.p_flags & elf::PF_W) != 0) continue;
    uint64_t start = page_down(m.image.bias + p.p_vaddr, page);
    uint64_t end = page_up(m.image.bias + p.p_vaddr + p.p_memsz, page);
    int prot = segment_protection(p.p_flags) | (writable ? base::kProtWrite : 0);
    if (base::sys_failed(base::sys_mprotect(reinterpret_cast<void*>(start), end - start, prot)))
      return false;
  }
  return true;
}

}  // namespace ldr
