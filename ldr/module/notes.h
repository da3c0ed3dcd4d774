// SPDX-License-Identifier: MIT
// A mapped module's notes: its PT_NOTE segments as bounds-checked note spans
// (version/require's NT_LDR_* notes), and its NT_GNU_BUILD_ID (the glibc
// personality checks libc's against its generated layouts; the bind cache
// identifies ldr itself by it).
#pragma once

#include <cstddef>
#include <cstdint>

#include "elf/note.h"

namespace ldr {

struct Module;

// The PT_NOTE segments of m that lie in its image, at most kMaxNoteSpans.
constexpr size_t kMaxNoteSpans = 8;
size_t note_spans(const Module& m, elf::NoteSpan* spans);

// The build-id note's descriptor of m (in its mapped notes), or false.
bool build_id_of(const Module& m, const unsigned char** id, uint32_t* len);

}  // namespace ldr
