// SPDX-License-Identifier: MIT
// libFuzzer target: the contents of an object's PT_NOTE segments, decoded as
// the loader decodes them for version negotiation (elf/note.h): the merged
// LDR notes, and the requirement for a few sonames. The first input byte
// picks the span's alignment (4 or 8, else rejected) and how many spans the
// rest is cut into; accepted notes' strings are read to their end.
#include <cstdint>
#include <cstring>
#include <vector>

#include "elf/note.h"

namespace e = ldr::elf;

namespace {

volatile size_t g_sink;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t control = data[0];
  ++data;
  --size;
  std::vector<uint64_t> buf((size + 7) / 8 + 1);  // segments are at least 8-aligned in memory
  std::memcpy(buf.data(), data, size);
  const auto* bytes = reinterpret_cast<const unsigned char*>(buf.data());
  uint64_t align = (control & 1) != 0 ? 8 : 4;
  if ((control & 0x80) != 0) align = control & 0x0f;  // odd alignments: rejected
  size_t spans = 1 + ((control >> 1) & 3);
  e::NoteSpan span[4];
  size_t at = 0;
  for (size_t i = 0; i < spans; ++i) {
    size_t n = i + 1 == spans ? size - at : (size - at) / (spans - i);
    n &= ~size_t{7};
    if (i + 1 == spans) n = size - at;
    span[i] = e::NoteSpan{bytes + at, n, align};
    at += n;
  }
  e::LdrNotes notes;
  if (e::decode_ldr_notes(span, spans, &notes) == nullptr && notes.idstring != nullptr)
    g_sink = g_sink + std::strlen(notes.idstring) + notes.idstring_len;
  for (const char* soname : {"libfoo.so.1", "libc.so.6", ""}) {
    e::LdrRequire req;
    bool found = false;
    if (e::find_requirement(span, spans, soname, std::strlen(soname), &req, &found) == nullptr && found &&
        req.soname != nullptr)
      g_sink = g_sink + std::strlen(req.soname) + req.soname_len;
  }
  return 0;
}
