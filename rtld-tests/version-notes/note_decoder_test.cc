// SPDX-License-Identifier: MIT
// The pure note decoder (ldr/elf/note.cc) on hand-built and hostile byte
// buffers: framing at alignment 4 and 8, truncation, n_namesz/n_descsz
// overflow, bad alignment, malformed LDR payloads, merging and comparison.
#include <criterion/criterion.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "elf/note.h"

using namespace ldr::elf;

namespace {

// Appends one note laid out for `align` (4 or 8), padding with zeros.
struct Buf {
  std::vector<unsigned char> b;
  void u32(uint32_t v) {
    unsigned char x[4];
    memcpy(x, &v, 4);
    b.insert(b.end(), x, x + 4);
  }
  void pad(size_t align) {
    while (b.size() % align) b.push_back(0);
  }
  void bytes(const void* p, size_t n) {
    auto* c = static_cast<const unsigned char*>(p);
    b.insert(b.end(), c, c + n);
  }
  Buf& note(const char* owner, uint32_t type, const std::vector<unsigned char>& desc,
            size_t align = 4) {
    const uint32_t namesz = static_cast<uint32_t>(strlen(owner) + 1);
    u32(namesz);
    u32(static_cast<uint32_t>(desc.size()));
    u32(type);
    bytes(owner, namesz);
    pad(align);
    bytes(desc.data(), desc.size());
    pad(align);
    return *this;
  }
  NoteSpan span(size_t align = 4) const { return NoteSpan{b.data(), b.size(), align}; }
};

std::vector<unsigned char> words(std::initializer_list<uint32_t> ws, const char* tail = nullptr) {
  Buf t;
  for (uint32_t w : ws) t.u32(w);
  if (tail != nullptr) t.bytes(tail, strlen(tail) + 1);
  return t.b;
}

std::vector<unsigned char> text(const char* s) {
  return std::vector<unsigned char>(s, s + strlen(s) + 1);
}

int count_notes(const NoteSpan& span, const char** error) {
  NoteWalker w(&span, 1);
  Note n;
  int count = 0;
  while (w.next(&n)) ++count;
  *error = w.error();
  return count;
}

}  // namespace

Test(note_walk, reads_4_aligned_notes_of_any_owner) {
  Buf buf;
  buf.note("GNU", 3, {1, 2, 3, 4, 5}).note("LDR", NT_LDR_LIBVERSION, words({3, 7, 0}));
  NoteSpan span = buf.span();
  NoteWalker w(&span, 1);
  Note n;
  cr_assert(w.next(&n));
  cr_assert_eq(n.type, 3u);
  cr_assert_eq(n.descsz, 5u);
  cr_assert_not(is_ldr_note(n));
  cr_assert(w.next(&n));
  cr_assert(is_ldr_note(n));
  cr_assert_eq(n.desc, buf.b.data() + 24 + 16);  // after the GNU note: 12 + 4 + 8 (5 padded)
  cr_assert_not(w.next(&n));
  cr_assert_null(w.error());
}

Test(note_walk, reads_8_aligned_notes) {
  // Owner "GNU" (4 bytes) then a 12-byte descriptor padded to 16, as in
  // .note.gnu.property; the second note starts at 12 + 4 + 16 = 32.
  Buf buf;
  buf.note("GNU", 5, words({0xc0008002, 4, 1}), 8).note("LDR", NT_LDR_LIBVERSION, words({1, 2, 0}), 8);
  cr_assert_eq(buf.b.size(), 64u);
  LdrNotes notes;
  NoteSpan span = buf.span(8);
  cr_assert_null(decode_ldr_notes(&span, 1, &notes));
  cr_assert(notes.has_version);
  cr_assert_eq(notes.version, 1u);
  cr_assert_eq(notes.revision, 2u);
}

Test(note_walk, accepts_padding_cut_by_the_end_of_the_span) {
  Buf buf;
  buf.note("LDR", NT_LDR_IDSTRING, text("$VER: x 1.0"));  // descsz 12, no padding needed
  buf.note("LDR", 0x4c4452ff, {1});                          // descsz 1, padded to 4
  const char* err;
  NoteSpan cut{buf.b.data(), buf.b.size() - 3, 4};
  cr_assert_eq(count_notes(cut, &err), 2);
  cr_assert_null(err);
}

Test(note_walk, rejects_alignment_other_than_4_and_8) {
  Buf buf;
  buf.note("LDR", NT_LDR_LIBVERSION, words({1, 0, 0}));
  for (uint64_t align : {0u, 1u, 2u, 16u, 3u}) {
    const char* err;
    cr_assert_eq(count_notes(buf.span(align), &err), 0, "align %lu", static_cast<unsigned long>(align));
    cr_assert_str_eq(err, kMsgNoteAlign);
  }
}

Test(note_walk, rejects_a_truncated_header) {
  Buf buf;
  buf.note("LDR", NT_LDR_LIBVERSION, words({1, 0, 0}));
  for (size_t size : {1u, 11u}) {
    const char* err;
    cr_assert_eq(count_notes(NoteSpan{buf.b.data(), size, 4}, &err), 0);
    cr_assert_str_eq(err, kMsgNoteHeader);
  }
  // A good note followed by 8 stray bytes: one note, then the fault.
  buf.u32(0);
  buf.u32(0);
  const char* err;
  cr_assert_eq(count_notes(buf.span(), &err), 1);
  cr_assert_str_eq(err, kMsgNoteHeader);
}

Test(note_walk, rejects_namesz_overflow) {
  // 12 + 0xffffffff would wrap in 32 bits; it is computed in 64.
  for (uint32_t namesz : {0xffffffffu, 0xfffffff4u, 0x80000000u, 5u}) {
    Buf buf;
    buf.u32(namesz);
    buf.u32(0);
    buf.u32(NT_LDR_LIBVERSION);
    buf.bytes("LDR", 4);
    const char* err;
    cr_assert_eq(count_notes(buf.span(), &err), 0, "namesz %#x", namesz);
    cr_assert_str_eq(err, kMsgNoteName);
  }
}

Test(note_walk, rejects_descsz_beyond_the_span) {
  for (uint32_t descsz : {0xffffffffu, 0xfffffff0u, 13u}) {
    Buf buf;
    buf.u32(4);
    buf.u32(descsz);
    buf.u32(NT_LDR_LIBVERSION);
    buf.bytes("LDR", 4);
    buf.u32(1), buf.u32(2), buf.u32(0);
    const char* err;
    cr_assert_eq(count_notes(buf.span(), &err), 0, "descsz %#x", descsz);
    cr_assert_str_eq(err, kMsgNoteDesc);
  }
  // With alignment 8 the descriptor starts at 16 too; 1 byte past the end fails.
  Buf buf;
  buf.note("LDR", NT_LDR_LIBVERSION, words({1, 2, 0}), 8);
  const char* err;
  cr_assert_eq(count_notes(NoteSpan{buf.b.data(), 16 + 11, 8}, &err), 0);
  cr_assert_str_eq(err, kMsgNoteDesc);
}

Test(note_walk, continues_across_spans_and_skips_empty_ones) {
  Buf a, b;
  a.note("LDR", NT_LDR_REQUIRE, words({1, 0, 0}, "libx.so.1"));
  b.note("LDR", NT_LDR_REQUIRE, words({2, 5, 0}, "libx.so.1"), 8);
  NoteSpan spans[] = {a.span(), NoteSpan{nullptr, 0, 4}, b.span(8)};
  LdrRequire req;
  bool found;
  cr_assert_null(find_requirement(spans, 3, "libx.so.1", 9, &req, &found));
  cr_assert(found);
  cr_assert_eq(req.version, 2u);
  cr_assert_eq(req.revision, 5u);
  cr_assert_null(find_requirement(spans, 3, "libx.so", 7, &req, &found));
  cr_assert_not(found);
}

Test(ldr_notes, decode_all_three_types_and_strip_the_ver_prefix) {
  Buf buf;
  buf.note("LDR", NT_LDR_LIBVERSION, words({3, 7, 0}))
      .note("LDR", NT_LDR_IDSTRING, text("$VER: libfoo.so.1 3.7 (26.11.2026)"))
      .note("LDR", NT_LDR_REQUIRE, words({2, 1, 0}, "libbar.so.2"))
      .note("LDR", 0x4c445299, {9, 9, 9, 9})
      .note("GNU", NT_LDR_LIBVERSION, words({9, 9, 9}));  // other owner: ignored
  LdrNotes n;
  NoteSpan span = buf.span();
  cr_assert_null(decode_ldr_notes(&span, 1, &n));
  cr_assert(n.has_version);
  cr_assert_eq(n.version, 3u);
  cr_assert_eq(n.revision, 7u);
  cr_assert_eq(std::string(n.idstring, n.idstring_len), "libfoo.so.1 3.7 (26.11.2026)");
  cr_assert_eq(n.require_count, 1u);
  cr_assert_eq(n.other_count, 1u);
}

Test(ldr_notes, owner_must_be_exactly_LDR_with_its_nul) {
  Buf buf;
  buf.note("LDRX", NT_LDR_LIBVERSION, words({1, 0, 0})).note("LD", NT_LDR_LIBVERSION, words({1, 0, 0}));
  // namesz 3 without the NUL:
  buf.u32(3), buf.u32(12), buf.u32(NT_LDR_LIBVERSION);
  buf.bytes("LDR", 3), buf.pad(4), buf.u32(1), buf.u32(0), buf.u32(0);
  LdrNotes n;
  NoteSpan span = buf.span();
  cr_assert_null(decode_ldr_notes(&span, 1, &n));
  cr_assert_not(n.has_version);
}

Test(ldr_notes, rejects_short_or_unterminated_payloads) {
  struct Case {
    uint32_t type;
    std::vector<unsigned char> desc;
    const char* error;
  } cases[] = {
      {NT_LDR_LIBVERSION, words({3, 7}), kMsgVersionShort},
      {NT_LDR_REQUIRE, words({1, 0, 0}), kMsgRequireShort},
      {NT_LDR_REQUIRE, words({1, 0, 0, 0}), kMsgRequireSoname},            // empty soname
      {NT_LDR_REQUIRE, words({1, 0, 0, 0x61616161}), kMsgRequireSoname},   // no NUL
      {NT_LDR_IDSTRING, {'$', 'V', 'E', 'R'}, kMsgIdstring},
      {NT_LDR_IDSTRING, {}, kMsgIdstring},
  };
  for (const Case& c : cases) {
    Buf buf;
    buf.note("LDR", c.type, c.desc);
    LdrNotes n;
    NoteSpan span = buf.span();
    const char* err = decode_ldr_notes(&span, 1, &n);
    cr_assert_not_null(err, "type %#x size %zu", c.type, c.desc.size());
    cr_assert_str_eq(err, c.error);
  }
}

Test(ldr_notes, accepts_longer_payloads_for_forward_compatibility) {
  Buf good;
  std::vector<unsigned char> req = words({2, 1, 0x100}, "libbar.so.2");
  req.insert(req.end(), {0xee, 0xee, 0xee, 0xee});  // bytes after the soname's NUL
  good.note("LDR", NT_LDR_LIBVERSION, words({3, 7, 0x80, 0xdead}))
      .note("LDR", NT_LDR_REQUIRE, req)
      .note("LDR", NT_LDR_IDSTRING, text("no prefix"));
  LdrNotes n;
  NoteSpan span = good.span();
  cr_assert_null(decode_ldr_notes(&span, 1, &n));
  cr_assert_eq(n.version_flags, 0x80u);
  cr_assert_eq(std::string(n.idstring, n.idstring_len), "no prefix");
  LdrRequire r;
  bool found;
  cr_assert_null(find_requirement(&span, 1, "libbar.so.2", 11, &r, &found));
  cr_assert(found);
  cr_assert_eq(r.flags, 0x100u);
  cr_assert_eq(r.soname_len, 11u);
}

Test(ldr_notes, identical_duplicates_pass_and_conflicts_fail) {
  Buf same;
  same.note("LDR", NT_LDR_LIBVERSION, words({3, 7, 0})).note("LDR", NT_LDR_LIBVERSION, words({3, 7, 0}));
  LdrNotes n;
  NoteSpan span = same.span();
  cr_assert_null(decode_ldr_notes(&span, 1, &n));
  cr_assert_eq(n.version_count, 2u);

  Buf differ;
  differ.note("LDR", NT_LDR_LIBVERSION, words({3, 7, 0})).note("LDR", NT_LDR_LIBVERSION, words({3, 8, 0}));
  span = differ.span();
  cr_assert_str_eq(decode_ldr_notes(&span, 1, &n), kMsgVersionConflict);

  Buf ids;
  ids.note("LDR", NT_LDR_IDSTRING, text("$VER: a 1.0")).note("LDR", NT_LDR_IDSTRING, text("$VER: b 1.0"));
  span = ids.span();
  cr_assert_str_eq(decode_ldr_notes(&span, 1, &n), kMsgIdstringConflict);
}

Test(ldr_notes, a_framing_fault_after_good_notes_is_reported) {
  Buf buf;
  buf.note("LDR", NT_LDR_LIBVERSION, words({3, 7, 0}));
  buf.u32(4), buf.u32(0x7fffffff), buf.u32(NT_LDR_REQUIRE), buf.bytes("LDR", 4);
  LdrNotes n;
  NoteSpan span = buf.span();
  cr_assert_str_eq(decode_ldr_notes(&span, 1, &n), kMsgNoteDesc);
}

Test(version_compare, pairs_compare_lexicographically) {
  static_assert(compare_version(1, 36, 1, 4) > 0, "1.36 > 1.4");
  static_assert(compare_version(2, 0, 1, 99) > 0, "2.0 > 1.99");
  static_assert(compare_version(3, 7, 3, 7) == 0);
  cr_assert(version_satisfies(3, 7, 3, 7));
  cr_assert(version_satisfies(3, 7, 3, 0));   // revision 0: any revision
  cr_assert(version_satisfies(3, 0, 3, 0));
  cr_assert(version_satisfies(4, 0, 3, 9));   // a higher version, any revision
  cr_assert_not(version_satisfies(3, 7, 3, 8));
  cr_assert_not(version_satisfies(3, 99, 4, 0));
  cr_assert(version_satisfies(0, 0, 0, 0));   // 0.0: anything
  cr_assert(version_satisfies(0xffffffff, 0, 0xfffffffe, 0xffffffff));
}

Test(version_compare, merge_takes_the_maximum_and_weak_only_if_all_weak) {
  LdrRequire acc{"libx.so.1", 9, 3, 5, LDR_REQUIRE_F_WEAK};
  merge_require(&acc, LdrRequire{"libx.so.1", 9, 3, 0, LDR_REQUIRE_F_WEAK});
  cr_assert_eq(acc.version, 3u);
  cr_assert_eq(acc.revision, 5u);  // 3.0 (any) adds nothing to 3.5
  cr_assert_eq(acc.flags, LDR_REQUIRE_F_WEAK);
  merge_require(&acc, LdrRequire{"libx.so.1", 9, 4, 0, 0x100});
  cr_assert_eq(acc.version, 4u);
  cr_assert_eq(acc.revision, 0u);
  cr_assert_eq(acc.flags, 0x100u);  // not weak any more; other bits kept
  merge_require(&acc, LdrRequire{"libx.so.1", 9, 2, 9, LDR_REQUIRE_F_WEAK});
  cr_assert_eq(acc.version, 4u);
  cr_assert_eq(acc.flags, 0x100u);
}
