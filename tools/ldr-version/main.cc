// SPDX-License-Identifier: MIT
// ldr-version, the Amiga VERSION command of ldr: shows the version notes of
// an ELF file, checks it against a minimum version (exit 0 / 5), dumps the
// notes, or rewrites a reserved version note. Hosted; the decoding is the
// loader's own (ldr/elf/note.cc), so the tool and the loader cannot disagree.
#include <getopt.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "elf_file.h"
#include "ldr_config.h"
#include "report.h"
#include "set_version.h"
#include "status.h"

namespace ldr_version {
namespace {

constexpr const char* kUsage =
    "Usage: ldr-version [OPTION]... FILE [VERSION[.REVISION] | VERSION REVISION]\n"
    "Print the version, id string and version requirements that an ELF file\n"
    "declares in its LDR notes (<ldr/version.h>). With VERSION, exit 0 if FILE\n"
    "is at least that version and 5 if it is older; the revision is compared\n"
    "only when given, and only when the versions are equal.\n"
    "\n"
    "  -n, --notes          list every LDR note, note segment by note segment\n"
    "  -s, --set V[.R]      rewrite the version note reserved at link time\n"
    "                       (only its payload changes; the build-id goes stale)\n"
    "  -q, --quiet          print nothing on standard output\n"
    "  -h, --help           display this help and exit\n"
    "  -V, --version        output version information and exit\n"
    "\n"
    "Exit status (AmigaDOS return codes):\n"
    "   0  OK: FILE has a version note (at least VERSION.REVISION, if given);\n"
    "      --notes: LDR notes were listed; --set: the note was rewritten\n"
    "   5  WARN: FILE is older than VERSION.REVISION\n"
    "  10  ERROR: FILE has no version note (--notes: no LDR note at all;\n"
    "      --set: none reserved in a PT_NOTE segment)\n"
    "  20  FAIL: usage error, unreadable or non-ELF file, malformed notes\n"
    "\n"
    "Format and macros: docs/version-notes.md.\n";

int usage_error(const std::string& what) {
  complain(what);
  fprintf(stderr, "Try '%s --help' for more information.\n", kProgram);
  return kExitFail;
}

bool parse_u32(const std::string& s, uint32_t* out) {
  if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string::npos)
    return false;
  unsigned long long v = std::strtoull(s.c_str(), nullptr, 10);
  if (v > 0xffffffffULL) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

// "3", "3.7": the revision defaults to 0 (any).
bool parse_version(const std::string& s, uint32_t* version, uint32_t* revision) {
  const size_t dot = s.find('.');
  *revision = 0;
  if (dot == std::string::npos) return parse_u32(s, version);
  return parse_u32(s.substr(0, dot), version) && parse_u32(s.substr(dot + 1), revision);
}

// Reads and decodes path; returns false with the status in *status on failure.
bool load(const std::string& path, ElfFile* file, ldr::elf::LdrNotes* notes, int* status) {
  std::string error;
  if (!file->open(path, &error)) {
    complain(error);
    *status = kExitFail;
    return false;
  }
  const auto spans = file->spans();
  if (const char* err = ldr::elf::decode_ldr_notes(spans.data(), spans.size(), notes)) {
    complain(path + ": " + err);
    *status = kExitFail;
    return false;
  }
  for (const std::string& section : file->stray_ldr_sections())
    complain(path + ": warning: section " + section +
             " holds LDR notes outside every PT_NOTE segment (invisible at run time)");
  return true;
}

int run_set(const std::string& path, const std::string& value) {
  uint32_t v, r;
  if (!parse_version(value, &v, &r)) return usage_error("invalid version '" + value + "'");
  const int status = set_version(path, v, r);
  if (status != kExitOk) return status;
  ElfFile file;
  ldr::elf::LdrNotes notes;
  int read_status;
  if (!load(path, &file, &notes, &read_status)) return read_status;
  if (notes.idstring != nullptr)
    complain(path + ": warning: the id string was not changed: " +
             printable(notes.idstring, notes.idstring_len));
  return kExitOk;
}

int run(int argc, char** argv) {
  static const option kOptions[] = {
      {"notes", no_argument, nullptr, 'n'}, {"set", required_argument, nullptr, 's'},
      {"quiet", no_argument, nullptr, 'q'}, {"help", no_argument, nullptr, 'h'},
      {"version", no_argument, nullptr, 'V'}, {nullptr, 0, nullptr, 0}};
  bool notes_mode = false, quiet = false;
  const char* set_value = nullptr;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "ns:qhV", kOptions, nullptr)) != -1) {
    switch (c) {
      case 'n': notes_mode = true; break;
      case 's': set_value = optarg; break;
      case 'q': quiet = true; break;
      case 'h': fputs(kUsage, stdout); return kExitOk;
      case 'V': printf("ldr-version (ldr) %s\n", LDR_VERSION_STRING); return kExitOk;
      default:
        if (optopt != 0 && optopt != '?')
          return usage_error(std::string("invalid option -- '") + static_cast<char>(optopt) + "'");
        return usage_error(std::string("unrecognized option '") + argv[optind - 1] + "'");
    }
  }
  const int rest = argc - optind;
  if (rest < 1) return usage_error("missing file operand");
  const std::string path = argv[optind];
  if (quiet && freopen("/dev/null", "w", stdout) == nullptr) return kExitFail;
  if (set_value != nullptr) {
    if (rest != 1 || notes_mode) return usage_error("--set takes one file and no other mode");
    return run_set(path, set_value);
  }
  if (rest > 3 || (notes_mode && rest != 1)) return usage_error("too many operands");
  uint32_t want_v = 0, want_r = 0;
  const bool check = rest >= 2;
  if (rest == 2 && !parse_version(argv[optind + 1], &want_v, &want_r))
    return usage_error(std::string("invalid version '") + argv[optind + 1] + "'");
  if (rest == 3 && (!parse_u32(argv[optind + 1], &want_v) || !parse_u32(argv[optind + 2], &want_r)))
    return usage_error(std::string("invalid version '") + argv[optind + 1] + " " +
                       argv[optind + 2] + "'");

  ElfFile file;
  ldr::elf::LdrNotes notes;
  int status;
  if (!load(path, &file, &notes, &status)) return status;
  if (notes_mode) {
    const int printed = print_notes(path, file);
    if (printed < 0) return kExitFail;
    if (printed == 0) printf("%s: no LDR notes\n", path.c_str());
    return printed == 0 ? kExitError : kExitOk;
  }
  if (!print_summary(path, file, notes)) return kExitFail;
  if (!notes.has_version) return kExitError;
  if (check && !ldr::elf::version_satisfies(notes.version, notes.revision, want_v, want_r))
    return kExitWarn;
  return kExitOk;
}

}  // namespace
}  // namespace ldr_version

int main(int argc, char** argv) {
  const int status = ldr_version::run(argc, argv);
  if (fflush(stdout) != 0 && status == ldr_version::kExitOk) return ldr_version::kExitFail;
  return status;
}
