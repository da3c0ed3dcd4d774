// SPDX-License-Identifier: MIT
// ELF note iteration and the decoder of ldr's own "LDR" notes (version,
// id string, requirements; include/ldr/note_format.h, docs/version-notes.md).
// Pure and freestanding: works on bytes the caller mapped or read, no I/O, no
// allocation; every size in the input is hostile and checked before use.
#pragma once

#include <cstddef>
#include <cstdint>

// No elf/types.h here: hosted tools include this next to the system <elf.h>,
// whose macros would clash with its constants.
#include "include/ldr/note_format.h"  // the source root is on the include path

namespace ldr::elf {

// A range of notes: a PT_NOTE segment (p_align) or SHT_NOTE section
// (sh_addralign). Notes are read with memcpy, so data needs no alignment.
struct NoteSpan {
  const void* data = nullptr;
  size_t size = 0;
  uint64_t align = 4;  // 4 or 8; anything else is rejected
};

// One note; the pointers point into the span.
struct Note {
  const char* name = nullptr;  // namesz bytes, the NUL included when well-formed
  uint32_t namesz = 0;
  const unsigned char* desc = nullptr;
  uint32_t descsz = 0;
  uint32_t type = 0;
};

// Walks the notes of spans[0, count) in order (gABI layout: 12-byte header,
// name and descriptor each padded to the span's alignment, as glibc's
// ELF_NOTE_NEXT_OFFSET). Stops at the first malformed note.
class NoteWalker {
 public:
  NoteWalker(const NoteSpan* spans, size_t count) : spans_(spans), count_(count) {}

  // The next note: false at the end, or on a malformed span (then error()
  // says why; the notes already returned stay valid).
  [[nodiscard]] bool next(Note* note);
  const char* error() const { return error_; }

 private:
  const NoteSpan* spans_;
  size_t count_;
  size_t index_ = 0;   // current span
  size_t offset_ = 0;  // within it
  const char* error_ = nullptr;
};

// True for an owner-"LDR" note (n_namesz 4, "LDR\0").
bool is_ldr_note(const Note& note);

// One requirement (NT_LDR_REQUIRE), or several merged.
struct LdrRequire {
  const char* soname = nullptr;  // NUL-terminated, inside the note
  size_t soname_len = 0;
  uint32_t version = 0;
  uint32_t revision = 0;  // 0: any revision of `version`
  uint32_t flags = 0;     // LDR_REQUIRE_F_*
};

// What an object's LDR notes say, merged over all its note spans.
struct LdrNotes {
  bool has_version = false;  // an NT_LDR_LIBVERSION note was found
  uint32_t version = 0, revision = 0, version_flags = 0;
  const char* idstring = nullptr;  // NT_LDR_IDSTRING text without "$VER: ", NUL-terminated
  size_t idstring_len = 0;
  uint32_t require_count = 0;  // NT_LDR_REQUIRE notes, before merging
  uint32_t version_count = 0;  // NT_LDR_LIBVERSION notes (identical duplicates allowed)
  uint32_t other_count = 0;    // LDR notes of types this decoder does not know (ignored)
};

// Descriptor decoders for one LDR note of the matching type. Return nullptr,
// or the static message of the fault. Trailing bytes are accepted (forward
// compatibility); flags are passed on unfiltered.
const char* decode_libversion(const Note& note, uint32_t* version, uint32_t* revision,
                              uint32_t* flags);
const char* decode_require(const Note& note, LdrRequire* req);
const char* decode_idstring(const Note& note, const char** text, size_t* len);

// Decodes every LDR note of spans[0, count) into *out. Returns nullptr, or the
// first fault (malformed note framing, a malformed LDR descriptor, two
// version or id-string notes that disagree). Notes of other owners are skipped.
[[nodiscard]] const char* decode_ldr_notes(const NoteSpan* spans, size_t count, LdrNotes* out);

// The merged requirement of spans[0, count) for soname[0, len): *found is
// set when at least one NT_LDR_REQUIRE names it. Returns nullptr or a fault.
[[nodiscard]] const char* find_requirement(const NoteSpan* spans, size_t count, const char* soname,
                                           size_t len, LdrRequire* merged, bool* found);

// (version, revision) ordered lexicographically as two integers (1.36 > 1.4).
constexpr int compare_version(uint32_t v1, uint32_t r1, uint32_t v2, uint32_t r2) {
  if (v1 != v2) return v1 < v2 ? -1 : 1;
  if (r1 != r2) return r1 < r2 ? -1 : 1;
  return 0;
}

// Does a provider at have_v.have_r satisfy a requirement need_v.need_r? The
// revision only matters when the versions are equal; need_r 0 accepts any.
constexpr bool version_satisfies(uint32_t have_v, uint32_t have_r, uint32_t need_v,
                                 uint32_t need_r) {
  return compare_version(have_v, have_r, need_v, need_r) >= 0;
}

// Folds req into *acc (same soname): the maximum (version, revision); weak
// only if both are weak; other flag bits are or-ed.
void merge_require(LdrRequire* acc, const LdrRequire& req);

inline constexpr const char* kMsgNoteAlign = "note segment alignment is neither 4 nor 8";
inline constexpr const char* kMsgNoteHeader = "note header extends past the end of the note segment";
inline constexpr const char* kMsgNoteName = "note name extends past the end of the note segment";
inline constexpr const char* kMsgNoteDesc = "note descriptor extends past the end of the note segment";
inline constexpr const char* kMsgVersionShort = "LDR version note is too short";
inline constexpr const char* kMsgRequireShort = "LDR requirement note is too short";
inline constexpr const char* kMsgRequireSoname = "LDR requirement note has no NUL-terminated soname";
inline constexpr const char* kMsgIdstring = "LDR id string note is not NUL-terminated";
inline constexpr const char* kMsgVersionConflict = "LDR version notes disagree";
inline constexpr const char* kMsgIdstringConflict = "LDR id string notes disagree";

}  // namespace ldr::elf
