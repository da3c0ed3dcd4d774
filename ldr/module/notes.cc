// SPDX-License-Identifier: MIT
// A module's PT_NOTE segments (mapped, in bounds) and NT_GNU_BUILD_ID in them.
#include "module/notes.h"

#include "base/mem.h"
#include "module/module.h"

namespace ldr {

namespace {
constexpr uint32_t kNtGnuBuildId = 3;
}  // namespace

size_t note_spans(const Module& m, elf::NoteSpan* spans) {
  size_t n = 0;
  for (uint16_t i = 0; i < m.phnum && n < kMaxNoteSpans; ++i) {
    const elf::Elf64_Phdr& p = m.phdr[i];
    if (p.p_type != elf::PT_NOTE || !m.image.contains(p.p_vaddr, p.p_filesz)) continue;
    spans[n++] = elf::NoteSpan{reinterpret_cast<const void*>(m.image.bias + p.p_vaddr), p.p_filesz,
                               p.p_align == 8 ? 8u : 4u};
  }
  return n;
}

bool build_id_of(const Module& m, const unsigned char** id, uint32_t* len) {
  elf::NoteSpan spans[kMaxNoteSpans];
  size_t n = note_spans(m, spans);
  for (size_t i = 0; i < n; ++i) {  // each segment on its own: a bad one hides no other
    elf::NoteWalker walker(&spans[i], 1);
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
