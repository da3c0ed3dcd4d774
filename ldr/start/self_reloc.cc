// SPDX-License-Identifier: MIT
// Applies ldr's own R_X86_64_RELATIVE and DT_RELR relocations. Runs before
// self-relocation is done, so: no globals except the hidden, linker-defined
// __ehdr_start and _DYNAMIC (reached PC-relatively), no calls outside this
// file and header-only helpers, no function pointers. ldr is linked with
// -z now and --no-undefined, so these are the only relocations it has.
#include "start/self_reloc.h"

#include "arch/x86_64/machine.h"
#include "elf/types.h"
#include "reloc/relr.h"

extern "C" {
extern const ldr::elf::Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));
extern ldr::elf::Elf64_Dyn _DYNAMIC[] __attribute__((visibility("hidden")));
}

extern "C" void ldr_self_relocate() {
  using namespace ldr::elf;
  const uintptr_t base = reinterpret_cast<uintptr_t>(&__ehdr_start);
  uint64_t rela = 0, relasz = 0, relr = 0, relrsz = 0;
  for (const Elf64_Dyn* d = _DYNAMIC; d->d_tag != DT_NULL; ++d) {
    switch (d->d_tag) {
      case DT_RELA: rela = d->d_val; break;
      case DT_RELASZ: relasz = d->d_val; break;
      case DT_RELR: relr = d->d_val; break;
      case DT_RELRSZ: relrsz = d->d_val; break;
      default: break;
    }
  }
  ldr::reloc::for_each_relr(reinterpret_cast<const uint64_t*>(base + relr), relrsz / 8,
                            [base](uint64_t where) {
                              *reinterpret_cast<uint64_t*>(base + where) += base;
                              return true;
                            });
  const auto* r = reinterpret_cast<const Elf64_Rela*>(base + rela);
  for (uint64_t i = 0; i < relasz / sizeof(Elf64_Rela); ++i) {
    if (ELF64_R_TYPE(r[i].r_info) == ldr::arch::R_X86_64_RELATIVE)
      *reinterpret_cast<uint64_t*>(base + r[i].r_offset) = base + static_cast<uint64_t>(r[i].r_addend);
    else
      __builtin_trap();  // a build defect: checked by rtld-tests/abi
  }
}
