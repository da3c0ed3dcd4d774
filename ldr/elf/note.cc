// SPDX-License-Identifier: MIT
// Note iteration and LDR note decoding. Sizes come from the file and are
// hostile: offsets are computed in 64 bits from 32-bit fields (no overflow)
// and compared against what is left of the span before any byte is read.
#include "elf/note.h"

#include "elf/types.h"

namespace ldr::elf {

namespace {

constexpr uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

uint32_t load_u32(const unsigned char* p) {
  uint32_t v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

bool bytes_eq(const char* a, const char* b, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// Length of the NUL-terminated string at s, or n when there is no NUL in
// [s, s + n).
size_t bounded_len(const char* s, size_t n) {
  size_t i = 0;
  while (i < n && s[i] != '\0') ++i;
  return i;
}

}  // namespace

bool NoteWalker::next(Note* note) {
  while (error_ == nullptr && index_ < count_) {
    const NoteSpan& span = spans_[index_];
    if (span.align != 4 && span.align != 8) [[unlikely]] {
      error_ = kMsgNoteAlign;
      break;
    }
    const uint64_t left = span.size - offset_;
    if (left == 0) {
      ++index_;
      offset_ = 0;
      continue;
    }
    if (left < sizeof(Elf64_Nhdr)) [[unlikely]] {
      error_ = kMsgNoteHeader;
      break;
    }
    const unsigned char* p = static_cast<const unsigned char*>(span.data) + offset_;
    Elf64_Nhdr nh;
    __builtin_memcpy(&nh, p, sizeof nh);
    // 12 + 2^32 + 8 cannot overflow 64 bits.
    const uint64_t name_end = sizeof nh + uint64_t{nh.n_namesz};
    if (name_end > left) [[unlikely]] {
      error_ = kMsgNoteName;
      break;
    }
    const uint64_t desc_off = align_up(name_end, span.align);
    const uint64_t desc_end = desc_off + nh.n_descsz;
    if (desc_end > left) [[unlikely]] {
      error_ = kMsgNoteDesc;
      break;
    }
    note->name = reinterpret_cast<const char*>(p + sizeof nh);
    note->namesz = nh.n_namesz;
    note->desc = p + desc_off;
    note->descsz = nh.n_descsz;
    note->type = nh.n_type;
    // The last note's padding may be cut off by the end of the span.
    const uint64_t next = align_up(desc_end, span.align);
    offset_ = next >= left ? span.size : offset_ + next;
    return true;
  }
  return false;
}

bool is_ldr_note(const Note& note) {
  return note.namesz == LDR_NOTE_OWNER_SIZE &&
         bytes_eq(note.name, LDR_NOTE_OWNER, LDR_NOTE_OWNER_SIZE);
}

const char* decode_libversion(const Note& note, uint32_t* version, uint32_t* revision,
                              uint32_t* flags) {
  if (note.descsz < LDR_NOTE_LIBVERSION_MIN_SIZE) return kMsgVersionShort;
  *version = load_u32(note.desc + 0);
  *revision = load_u32(note.desc + 4);
  *flags = load_u32(note.desc + 8);
  return nullptr;
}

const char* decode_require(const Note& note, LdrRequire* req) {
  if (note.descsz < LDR_NOTE_REQUIRE_MIN_SIZE) return kMsgRequireShort;
  const char* soname = reinterpret_cast<const char*>(note.desc + LDR_NOTE_REQUIRE_SONAME_OFFSET);
  const size_t room = note.descsz - LDR_NOTE_REQUIRE_SONAME_OFFSET;
  const size_t len = bounded_len(soname, room);
  if (len == 0 || len == room) return kMsgRequireSoname;
  req->soname = soname;
  req->soname_len = len;
  req->version = load_u32(note.desc + 0);
  req->revision = load_u32(note.desc + 4);
  req->flags = load_u32(note.desc + 8);
  return nullptr;
}

const char* decode_idstring(const Note& note, const char** text, size_t* len) {
  const char* s = reinterpret_cast<const char*>(note.desc);
  size_t n = bounded_len(s, note.descsz);
  if (n == note.descsz) return kMsgIdstring;
  if (n >= LDR_IDSTRING_PREFIX_LEN && bytes_eq(s, LDR_IDSTRING_PREFIX, LDR_IDSTRING_PREFIX_LEN)) {
    s += LDR_IDSTRING_PREFIX_LEN;
    n -= LDR_IDSTRING_PREFIX_LEN;
  }
  *text = s;
  *len = n;
  return nullptr;
}

const char* decode_ldr_notes(const NoteSpan* spans, size_t count, LdrNotes* out) {
  *out = LdrNotes{};
  NoteWalker walker(spans, count);
  Note note;
  while (walker.next(&note)) {
    if (!is_ldr_note(note)) continue;
    const char* err = nullptr;
    if (note.type == NT_LDR_LIBVERSION) {
      uint32_t v, r, f;
      err = decode_libversion(note, &v, &r, &f);
      if (err == nullptr && out->has_version && (v != out->version || r != out->revision))
        err = kMsgVersionConflict;
      if (err == nullptr) {
        out->has_version = true;
        out->version = v;
        out->revision = r;
        out->version_flags = f;
        ++out->version_count;
      }
    } else if (note.type == NT_LDR_REQUIRE) {
      LdrRequire req;
      err = decode_require(note, &req);
      if (err == nullptr) ++out->require_count;
    } else if (note.type == NT_LDR_IDSTRING) {
      const char* text;
      size_t len;
      err = decode_idstring(note, &text, &len);
      if (err == nullptr && out->idstring != nullptr &&
          (len != out->idstring_len || !bytes_eq(text, out->idstring, len)))
        err = kMsgIdstringConflict;
      if (err == nullptr) {
        out->idstring = text;
        out->idstring_len = len;
      }
    } else {
      ++out->other_count;
    }
    if (err != nullptr) return err;
  }
  return walker.error();
}

void merge_require(LdrRequire* acc, const LdrRequire& req) {
  if (compare_version(req.version, req.revision, acc->version, acc->revision) > 0) {
    acc->version = req.version;
    acc->revision = req.revision;
  }
  const uint32_t weak = acc->flags & req.flags & LDR_REQUIRE_F_WEAK;
  acc->flags = ((acc->flags | req.flags) & ~LDR_REQUIRE_F_WEAK) | weak;
}

const char* find_requirement(const NoteSpan* spans, size_t count, const char* soname, size_t len,
                             LdrRequire* merged, bool* found) {
  *found = false;
  *merged = LdrRequire{};
  NoteWalker walker(spans, count);
  Note note;
  while (walker.next(&note)) {
    if (!is_ldr_note(note) || note.type != NT_LDR_REQUIRE) continue;
    LdrRequire req;
    if (const char* err = decode_require(note, &req)) return err;
    if (req.soname_len != len || !bytes_eq(req.soname, soname, len)) continue;
    if (!*found) {
      *merged = req;
      *found = true;
    } else {
      merge_require(merged, req);
    }
  }
  return walker.error();
}

}  // namespace ldr::elf
