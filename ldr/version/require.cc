// SPDX-License-Identifier: MIT
// Requirement lookup, provided versions and the negotiation message. Notes
// are hostile input: everything goes through elf/note's bounds-checked
// decoder; a file's notes are read with pread into a bounded buffer.
#include "version/require.h"

#include "base/fmt.h"
#include "base/mem.h"
#include "base/sys.h"
#include "map/open.h"
#include "module/module.h"
#include "module/notes.h"

namespace ldr {

namespace {

constexpr uint64_t kMaxNoteBytes = 4096;  // per PT_NOTE read from a file

ProvidedVersion from_spans(const elf::NoteSpan* spans, size_t n) {
  elf::LdrNotes notes;
  ProvidedVersion v;
  if (elf::decode_ldr_notes(spans, n, &notes) == nullptr && notes.has_version) {
    v.present = true;
    v.version = notes.version;
    v.revision = notes.revision;
  }
  return v;
}

void put_version(base::Writer& w, uint32_t version, uint32_t revision) {
  w.dec(version).ch('.').dec(revision);
}

}  // namespace

namespace {

// Does any note of spans name an NT_LDR_REQUIRE (before a framing fault)?
// Without one, find_requirement finds nothing for any soname.
bool has_require_note(const elf::NoteSpan* spans, size_t n) {
  elf::NoteWalker walker(spans, n);
  elf::Note note;
  while (walker.next(&note))
    if (elf::is_ldr_note(note) && note.type == NT_LDR_REQUIRE) return true;
  return false;
}

}  // namespace

bool requirement_for(const Module& requester, const char* soname, elf::LdrRequire* out) {
  // Asked once per DT_NEEDED edge: most objects have no LDR notes at all,
  // and re-walking every note each time was ~4 % of the list stop.
  if (requester.require_notes == Module::kNoRequireNotes) return false;
  elf::NoteSpan spans[kMaxNoteSpans];
  size_t n = note_spans(requester, spans);
  if (requester.require_notes == Module::kRequireNotesUnknown)
    requester.require_notes = has_require_note(spans, n) ? Module::kHasRequireNotes : Module::kNoRequireNotes;
  if (requester.require_notes == Module::kNoRequireNotes) return false;
  bool found = false;
  if (n == 0 || elf::find_requirement(spans, n, soname, base::str_len(soname), out, &found) != nullptr)
    return false;
  return found;
}

ProvidedVersion module_version(const Module& m) {
  elf::NoteSpan spans[kMaxNoteSpans];
  return from_spans(spans, note_spans(m, spans));
}

ProvidedVersion file_version(const OpenedFile& f) {
  unsigned char buf[kMaxNoteBytes];
  for (uint16_t i = 0; i < f.ehdr.e_phnum; ++i) {
    const elf::Elf64_Phdr& p = f.phdr[i];
    if (p.p_type != elf::PT_NOTE || p.p_filesz == 0 || p.p_filesz > kMaxNoteBytes) continue;
    if (base::sys_pread64(f.fd, buf, p.p_filesz, p.p_offset) != static_cast<long>(p.p_filesz)) continue;
    elf::NoteSpan span{buf, p.p_filesz, p.p_align == 8 ? 8u : 4u};
    ProvidedVersion v = from_spans(&span, 1);
    if (v.present) return v;
  }
  return ProvidedVersion{};
}

bool satisfies(const ProvidedVersion& have, const elf::LdrRequire& need) {
  if (need.version == 0 && need.revision == 0) return true;  // 0.0: any
  return have.present && elf::version_satisfies(have.version, have.revision, need.version, need.revision);
}

void Rejections::add(const char* path, const ProvidedVersion& have) {
  size_t at = length + (length == 0 ? 0 : 2), n = base::str_len(path);
  base::Writer w(text + length, sizeof text - length);
  w.str(length == 0 ? "" : ", ").str(path).str(" (");
  if (have.present) {
    w.str("version ");
    put_version(w, have.version, have.revision);
  } else {
    w.str("no version");
  }
  w.ch(')');
  w.flush();
  length += w.length();
  if (at + n <= length && paths < kMaxPaths) {
    path_at[paths] = static_cast<uint16_t>(at);
    path_length[paths++] = static_cast<uint16_t>(n);
  }
}

bool Rejections::contains(const char* path) const {
  size_t n = base::str_len(path);
  for (uint32_t i = 0; i < paths; ++i)
    if (path_length[i] == n && base::equal_bytes(text + path_at[i], path, n)) return true;
  return false;
}

void fail_requirement(Diag& diag, const char* soname, const elf::LdrRequire& need,
                      const char* requester, const Rejections* rejected) {
  bool found = rejected != nullptr && rejected->length != 0;
  char required[32];
  {
    base::Writer w(required, sizeof required);
    put_version(w, need.version, need.revision);
  }
  diag.fail(kOccasionLoad, soname,
            {"version ", required, " or later required by ", requester,
             found ? "; found " : "; no candidate found", found ? rejected->text : ""});
}

void warn_weak_requirement(const char* progname, const char* soname, const elf::LdrRequire& need,
                           const char* requester, const char* path, const ProvidedVersion& have) {
  Rejections used;
  used.add(path, have);
  base::FdWriter w(2);
  w.str(progname).str(": warning: ").str(soname).str(": version ");
  put_version(w, need.version, need.revision);
  w.str(" or later requested by ").str(requester).str(" (weak requirement); using ").str(used.text).nl();
}

}  // namespace ldr
