// SPDX-License-Identifier: MIT
// Formatting of ldr-version's output (docs/version-notes.md, "ldr-version").
// Text from the file is escaped before printing: the file may be hostile.
#include "report.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <vector>

#include "status.h"

namespace ldr_version {

namespace {

// "2.1", or "2" for revision 0 (any revision) in a requirement.
std::string required_version(uint32_t v, uint32_t r) {
  return r == 0 ? std::to_string(v) : std::to_string(v) + "." + std::to_string(r);
}

std::string flag_words(uint32_t flags) {
  std::string out;
  if (flags & LDR_REQUIRE_F_WEAK) out += " (weak)";
  if (flags & ~LDR_REQUIRE_F_WEAK) {
    char buf[32];
    snprintf(buf, sizeof buf, " (flags 0x%" PRIx32 ")", flags);
    out += buf;
  }
  return out;
}

const char* type_name(uint32_t type) {
  switch (type) {
    case NT_LDR_LIBVERSION: return "NT_LDR_LIBVERSION";
    case NT_LDR_REQUIRE: return "NT_LDR_REQUIRE";
    case NT_LDR_IDSTRING: return "NT_LDR_IDSTRING";
    case NT_LDR_INTERPOSE: return "NT_LDR_INTERPOSE";
    default: return nullptr;
  }
}

std::string hex_bytes(const unsigned char* p, size_t n) {
  std::string out;
  char buf[4];
  for (size_t i = 0; i < n && i < 64; ++i) {
    snprintf(buf, sizeof buf, i ? " %02x" : "%02x", p[i]);
    out += buf;
  }
  if (n > 64) out += " ...";
  return out;
}

// The description column of one LDR note.
std::string describe(const ldr::elf::Note& note) {
  char buf[64];
  if (note.type == NT_LDR_LIBVERSION) {
    uint32_t v, r, f;
    if (ldr::elf::decode_libversion(note, &v, &r, &f) == nullptr) {
      snprintf(buf, sizeof buf, "version %" PRIu32 ".%" PRIu32 ", flags 0x%" PRIx32, v, r, f);
      return buf;
    }
  } else if (note.type == NT_LDR_REQUIRE) {
    ldr::elf::LdrRequire req;
    if (ldr::elf::decode_require(note, &req) == nullptr) {
      snprintf(buf, sizeof buf, " %" PRIu32 ".%" PRIu32 ", flags 0x%" PRIx32, req.version,
               req.revision, req.flags);
      return "requires " + printable(req.soname, req.soname_len) + buf;
    }
  } else if (note.type == NT_LDR_IDSTRING) {
    const char* s = reinterpret_cast<const char*>(note.desc);
    size_t n = 0;
    while (n < note.descsz && s[n] != '\0') ++n;
    if (n < note.descsz) return "\"" + printable(s, n) + "\"";
  }
  return hex_bytes(note.desc, note.descsz);
}

}  // namespace

std::string printable(const char* s, size_t len) {
  std::string out;
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f || c == '\\') {
      char buf[8];
      snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

bool print_summary(const std::string& path, const ElfFile& file, const ldr::elf::LdrNotes& notes) {
  if (notes.idstring != nullptr) printf("%s\n", printable(notes.idstring, notes.idstring_len).c_str());
  if (notes.has_version)
    printf("%s: version %" PRIu32 ".%" PRIu32 "\n", path.c_str(), notes.version, notes.revision);
  else
    printf("%s: no version note\n", path.c_str());
  // One line per soname, merged, sorted by soname (independent of link order).
  const std::vector<ldr::elf::NoteSpan> spans = file.spans();
  std::vector<std::string> sonames;
  ldr::elf::NoteWalker walker(spans.data(), spans.size());
  ldr::elf::Note note;
  while (walker.next(&note)) {
    ldr::elf::LdrRequire req;
    if (!ldr::elf::is_ldr_note(note) || note.type != NT_LDR_REQUIRE ||
        ldr::elf::decode_require(note, &req) != nullptr)
      continue;
    std::string soname(req.soname, req.soname_len);
    if (std::find(sonames.begin(), sonames.end(), soname) == sonames.end())
      sonames.push_back(soname);
  }
  std::sort(sonames.begin(), sonames.end());
  for (const std::string& soname : sonames) {
    ldr::elf::LdrRequire req;
    bool found;
    if (const char* err = ldr::elf::find_requirement(spans.data(), spans.size(), soname.data(),
                                                     soname.size(), &req, &found)) {
      complain(path + ": " + err);
      return false;
    }
    printf("%s: requires %s %s%s\n", path.c_str(), printable(soname.data(), soname.size()).c_str(),
           required_version(req.version, req.revision).c_str(), flag_words(req.flags).c_str());
  }
  return true;
}

int print_notes(const std::string& path, const ElfFile& file) {
  int printed = 0;
  for (const NoteRange& range : file.ranges()) {
    ldr::elf::NoteWalker walker(&range.span, 1);
    ldr::elf::Note note;
    bool header = false;
    while (walker.next(&note)) {
      if (!ldr::elf::is_ldr_note(note)) continue;
      if (!header) {
        printf("%s: %s%s at offset 0x%" PRIx64 ", %zu bytes, align %" PRIu64 ":\n", path.c_str(),
               range.segment ? "PT_NOTE" : "section ", range.section.c_str(), range.offset,
               range.span.size, range.span.align);
        printf("  %-20s %6s  %s\n", "Type", "Size", "Description");
        header = true;
      }
      const char* name = type_name(note.type);
      char type[24];
      if (name == nullptr) snprintf(type, sizeof type, "0x%08" PRIx32, note.type);
      printf("  %-20s %6" PRIu32 "  %s\n", name ? name : type, note.descsz, describe(note).c_str());
      ++printed;
    }
    if (walker.error() != nullptr) {
      complain(path + ": " + walker.error());
      return -1;
    }
  }
  return printed;
}

}  // namespace ldr_version
