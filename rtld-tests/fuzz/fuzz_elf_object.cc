// SPDX-License-Identifier: MIT
// libFuzzer target: an ELF object file as the loader meets it. The header
// and program headers are checked (elf/phdr.h), the PT_LOAD segments laid
// out at their link-time addresses as the mapping would place them, the
// dynamic section decoded (elf/dynamic.h), and, when it decodes, symbol
// lookups run on its tables as relocation runs them (symbol/lookup.h):
// every name of its symbol table, then a few fixed ones. Anything the
// loader accepts must be safe to use; a crash or sanitizer report is a bug.
#include <cstdint>
#include <cstring>
#include <vector>

#include "elf/dynamic.h"
#include "elf/phdr.h"
#include "module/module.h"
#include "symbol/lookup.h"

namespace e = ldr::elf;

namespace {

constexpr uint64_t kMaxSpan = uint64_t{64} << 20;  // layouts larger than this are skipped (memory)

void look_up_names(const ldr::Module& m) {
  const e::DynamicInfo& d = m.dyn;
  uint32_t n = d.sym_limit < 4096 ? d.sym_limit : 4096;
  for (uint32_t i = 1; i < n; ++i) {
    if (d.symtab[i].st_name >= d.strsz) continue;  // relocation refuses such an index
    ldr::SymbolRef ref = ldr::make_symbol_ref(d.strtab + d.symtab[i].st_name, nullptr);
    (void)ldr::find_in_module(m, ref);
  }
  for (const char* name : {"", "main", "printf", "_ZNSt8ios_base4InitC1Ev", "__libc_start_main"}) {
    ldr::SymbolRef ref = ldr::make_symbol_ref(name, nullptr);
    (void)ldr::find_in_module(m, ref);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint64_t> file((size + 7) / 8 + 1);  // aligned, as a mapped file is
  std::memcpy(file.data(), data, size);
  const auto* bytes = reinterpret_cast<const unsigned char*>(file.data());
  bool skippable = false;
  if (e::check_ehdr(bytes, size, &skippable) != nullptr) return 0;
  const auto& eh = *reinterpret_cast<const e::Elf64_Ehdr*>(bytes);
  uint64_t ph_bytes = uint64_t{eh.e_phnum} * sizeof(e::Elf64_Phdr);
  if (eh.e_phoff > size || ph_bytes > size - eh.e_phoff || eh.e_phoff % 8 != 0) return 0;  // the loader reads them whole
  const auto* phdrs = reinterpret_cast<const e::Elf64_Phdr*>(bytes + eh.e_phoff);
  e::LoadPlan plan;
  if (e::plan_load(eh, phdrs, size, 4096, &plan) != nullptr) return 0;
  if (plan.dynamic < 0 || plan.span_hi - plan.span_lo > kMaxSpan) return 0;
  // The segments at their addresses: file bytes, then zeros (the bss).
  std::vector<uint64_t> mem((plan.span_hi - plan.span_lo) / 8 + 1);
  auto* base = reinterpret_cast<unsigned char*>(mem.data());
  for (uint16_t i = 0; i < plan.phnum; ++i) {
    const e::Elf64_Phdr& p = plan.phdr[i];
    if (p.p_type != e::PT_LOAD || p.p_memsz == 0) continue;  // as the mapper (map/map.cc)
    uint64_t n = p.p_filesz;
    if (p.p_offset > size) continue;
    if (n > size - p.p_offset) n = size - p.p_offset;
    std::memcpy(base + (p.p_vaddr - plan.span_lo), bytes + p.p_offset, n);
  }
  e::Image image{reinterpret_cast<uintptr_t>(base) - plan.span_lo, plan.span_lo, plan.span_hi};
  const e::Elf64_Phdr& dyn = plan.phdr[plan.dynamic];
  ldr::Module m;
  if (e::decode_dynamic(image, dyn.p_vaddr, dyn.p_memsz, &m.dyn) != nullptr) return 0;
  (void)e::has_canonical_plt(m.dyn);
  m.image = image;
  look_up_names(m);
  return 0;
}
