// SPDX-License-Identifier: MIT
// ELF header and program-header validation. Every field is treated as hostile:
// ranges are checked with overflow-safe arithmetic before anything is mapped.
// Messages follow glibc's elf/dl-load.c where glibc has one.
#include "elf/phdr.h"

#include <initializer_list>

namespace ldr::elf {

namespace {

bool add_overflows(uint64_t a, uint64_t b, uint64_t* sum) {
  return __builtin_add_overflow(a, b, sum);
}

}  // namespace

const char* check_ehdr(const unsigned char* b, size_t len, bool* skippable) {
  *skippable = false;
  if (len < sizeof(Elf64_Ehdr)) return kMsgFileTooShort;
  if (b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') return "invalid ELF header";
  if (b[EI_CLASS] != ELFCLASS64) {
    *skippable = true;
    return b[EI_CLASS] == ELFCLASS32 ? "wrong ELF class: ELFCLASS32" : "invalid ELF header";
  }
  if (b[EI_DATA] != ELFDATA2LSB) return "ELF file data encoding not little-endian";
  if (b[EI_VERSION] != EV_CURRENT) return "ELF file version ident does not match current one";
  if (b[EI_OSABI] != ELFOSABI_SYSV && b[EI_OSABI] != ELFOSABI_GNU) return "ELF file OS ABI invalid";
  if (b[8] != 0) return "ELF file ABI version invalid";
  for (size_t i = 9; i < EI_NIDENT; ++i)
    if (b[i] != 0) return "nonzero padding in e_ident";
  Elf64_Ehdr eh;
  __builtin_memcpy(&eh, b, sizeof eh);
  if (eh.e_version != EV_CURRENT) return "ELF file version does not match current one";
  if (eh.e_machine != EM_X86_64) {
    *skippable = true;
    return kMsgWrongMachine;
  }
  if (eh.e_type != ET_DYN && eh.e_type != ET_EXEC) return "only ET_DYN and ET_EXEC can be loaded";
  if (eh.e_phentsize != sizeof(Elf64_Phdr)) return "ELF file's phentsize not the expected size";
  // No program headers at all: plan_load says "no loadable segments", as glibc.
  if (eh.e_phnum > 0x1000) return "ELF file has an absurd number of program headers";
  return nullptr;
}

const char* plan_load(const Elf64_Ehdr& eh, const Elf64_Phdr* ph, uint64_t file_size,
                      uint64_t page, LoadPlan* plan) {
  *plan = LoadPlan{};
  plan->e_type = eh.e_type;
  plan->e_entry = eh.e_entry;
  plan->phdr = ph;
  plan->phnum = eh.e_phnum;
  plan->max_align = page;
  bool have_load = false;
  uint64_t prev_end = 0;
  for (int i = 0; i < eh.e_phnum; ++i) {
    const Elf64_Phdr& p = ph[i];
    uint64_t file_end, mem_end;
    switch (p.p_type) {
      case PT_LOAD:
        if (p.p_memsz == 0) continue;  // glibc ignores empty segments
        if (((p.p_vaddr - p.p_offset) & (page - 1)) != 0)  // glibc 2.36's first check
          return "ELF load command address/offset not page-aligned";
        if ((p.p_align & (page - 1)) != 0 || (p.p_align & (p.p_align - 1)) != 0)
          return "ELF load command alignment not page-aligned";
        if (((p.p_vaddr - p.p_offset) & (p.p_align - 1)) != 0)
          return "ELF load command address/offset not properly aligned";
        if (p.p_filesz > p.p_memsz) return "ELF load command has p_filesz greater than p_memsz";
        if (add_overflows(p.p_offset, p.p_filesz, &file_end) || file_end > file_size)
          return "ELF load command extends past the end of the file";
        if (add_overflows(p.p_vaddr, p.p_memsz, &mem_end) || mem_end > (1ULL << 47))
          return "ELF load command address range is out of bounds";
        if (have_load && p.p_vaddr < prev_end)
          return "ELF load commands overlap or are not in ascending order";
        if (!have_load) plan->span_lo = p.p_vaddr & ~(page - 1);
        have_load = true;
        prev_end = mem_end;
        plan->span_hi = (mem_end + page - 1) & ~(page - 1);
        if (p.p_align > plan->max_align) plan->max_align = p.p_align;
        break;
      case PT_DYNAMIC:
        if (p.p_filesz % sizeof(Elf64_Dyn) != 0 || p.p_memsz < sizeof(Elf64_Dyn))
          return "object file has an invalid dynamic section";
        plan->dynamic = i;
        break;
      case PT_TLS:
        if (p.p_filesz > p.p_memsz) return "TLS segment has p_filesz greater than p_memsz";
        if (p.p_align != 0 && (p.p_align & (p.p_align - 1)) != 0)
          return "TLS segment alignment is not a power of two";
        if (p.p_align > page * 16) return "TLS segment alignment is too large";
        // Each thread gets a copy: sizes near 2^64 would wrap the layout arithmetic.
        if (p.p_memsz > (uint64_t{1} << 32)) return "TLS segment is too large";
        plan->tls = i;
        break;
      case PT_GNU_RELRO: plan->relro = i; break;
      case PT_GNU_STACK: plan->stack_flags = p.p_flags; break;
      case PT_INTERP: plan->interp = i; break;
      case PT_PHDR: plan->phdr_vaddr = p.p_vaddr; break;
      default: break;
    }
  }
  if (!have_load) return "object file has no loadable segments";
  if (plan->span_hi - plan->span_lo > (1ULL << 40)) return "object file is too large to map";
  // Everything that refers to memory must lie inside the loaded span. For
  // PT_TLS that is the initialisation image only: .tbss past it takes no
  // room in the image (its size is each thread's, not the object's).
  for (int idx : {plan->dynamic, plan->tls, plan->relro}) {
    if (idx < 0) continue;
    const Elf64_Phdr& p = ph[idx];
    uint64_t end;
    uint64_t size = idx == plan->tls ? p.p_filesz : p.p_memsz;
    if (add_overflows(p.p_vaddr, size, &end) || p.p_vaddr < plan->span_lo ||
        end > plan->span_hi)
      return idx == plan->dynamic ? "dynamic section is outside every loadable segment"
                                  : "segment lies outside the loadable segments";
  }
  if (plan->dynamic >= 0) {
    // The dynamic section must be file-backed inside one PT_LOAD.
    const Elf64_Phdr& d = ph[plan->dynamic];
    bool inside = false;
    for (int i = 0; i < eh.e_phnum && !inside; ++i) {
      const Elf64_Phdr& p = ph[i];
      inside = p.p_type == PT_LOAD && d.p_vaddr >= p.p_vaddr &&
               d.p_vaddr + d.p_memsz <= p.p_vaddr + p.p_memsz;
    }
    if (!inside) return "dynamic section is outside every loadable segment";
  }
  if (plan->phdr_vaddr == 0) {
    // No PT_PHDR: find the headers in a segment that maps them from the file.
    uint64_t size = uint64_t{eh.e_phnum} * sizeof(Elf64_Phdr);
    for (int i = 0; i < eh.e_phnum; ++i) {
      const Elf64_Phdr& p = ph[i];
      if (p.p_type == PT_LOAD && eh.e_phoff >= p.p_offset &&
          eh.e_phoff + size <= p.p_offset + p.p_filesz) {
        plan->phdr_vaddr = p.p_vaddr + (eh.e_phoff - p.p_offset);
        break;
      }
    }
  }
  return nullptr;
}

}  // namespace ldr::elf
