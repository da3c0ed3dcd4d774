// SPDX-License-Identifier: MIT
// Finding NT_GNU_BUILD_ID in a module's PT_NOTE segments (mapped, in bounds).
#include "module/build_id.h"

#include "base/mem.h"
#include "elf/note.h"
#include "module/module.h"

namespace ldr {

namespace {
constexpr uint32_t kNtGnuBuildId = 3;
}  // namespace

bool build_id_of(const Module& m, const unsigned char** id, uint32_t* len) {
  for (uint16_t i = 0; i < m.phnum; ++i) {
    const elf::Elf64_Phdr& p = m.phdr[i];
    if (p.p_type != elf::PT_NOTE || !m.image.contains(p.p_vaddr, p.p_filesz)) continue;
    elf::NoteSpan span{reinterpret_cast<const void*>(m.image.bias + p.p_vaddr), p.p_filesz,
                       p.p_align == 8 ? 8u : 4u};
    elf::NoteWalker walker(&span, 1);
    elf::Note note;
    while (walker.next(&note)) {
      if (note.type == kNtGnuBuildId && note.namesz == 4 && base::str_eq(note.name, "GNU")) {
        *id = note.desc;
        *len = note.descsz;
        return true;
      }
    }
  }
  return false;
}

}  // namespace ldr
