// SPDX-License-Identifier: MIT
// LDR_DEBUG categories, the help text and the output file.
#include "diag/trace.h"

#include "base/mem.h"
#include "base/sys.h"

namespace ldr::diag {

TraceState g_trace;

void trace_line(std::initializer_list<const char*> parts) {
  TraceLine t;
  for (const char* part : parts) t.str(part);
}

void trace_lookup_error(const char* object, const char* occasion, std::initializer_list<const char*> message,
                        bool continued) {
  if ((g_trace.mask & ~kTraceStatistics) == 0) return;
  TraceLine t;
  t.str(object).str(": error: ").str(occasion).str(": ");
  for (const char* part : message)
    if (part != nullptr) t.str(part);
  t.str(continued ? " (continued)" : " (fatal)");
}

namespace {

struct Category {
  const char* name;
  uint32_t bits;
  const char* help;
};

constexpr Category kCategories[] = {
    {"libs", kTraceLibs, "display library search paths"},
    {"reloc", kTraceReloc, "display relocation processing"},
    {"files", kTraceFiles, "display progress for input file"},
    {"symbols", kTraceSymbols, "display symbol table processing"},
    {"bindings", kTraceBindings, "display information about symbol binding"},
    {"versions", kTraceVersions, "display version dependencies"},
    {"scopes", kTraceScopes, "display scope information"},
    {"all", kTraceAll, "all previous options combined"},
    {"statistics", kTraceStatistics, "display relocation statistics"},
    {"unused", kTraceUnused, "determined unused DSOs"},
    {"help", 0, "display this help message and exit"},
};

bool word_is(const char* word, size_t len, const char* name) {
  return base::str_len(name) == len && __builtin_memcmp(word, name, len) == 0;
}

[[noreturn]] void print_help(const char* variable) {
  {
    base::FdWriter w(1);
    w.str("Valid options for the ").str(variable).str(" environment variable are:\n\n");
    for (const Category& c : kCategories) {
      w.str("  ").str(c.name);
      for (size_t i = base::str_len(c.name); i < 12; ++i) w.ch(' ');
      w.str(c.help).nl();
    }
    w.str("\nTo direct the debugging output into a file instead of standard output\n"
          "a filename can be specified using the ")
        .str(variable)
        .str("_OUTPUT environment variable.\n");
  }
  base::sys_exit_group(0);
}

}  // namespace

uint32_t parse_categories(const char* spec, const char* variable) {
  uint32_t mask = 0;
  const char* p = spec;
  while (*p != '\0') {
    while (*p == ',' || *p == ':' || *p == ' ') ++p;
    const char* word = p;
    while (*p != '\0' && *p != ',' && *p != ':' && *p != ' ') ++p;
    size_t len = static_cast<size_t>(p - word);
    if (len == 0) continue;
    if (word_is(word, len, "help")) print_help(variable);
    bool known = false;
    for (const Category& c : kCategories) {
      if (word_is(word, len, c.name)) {
        mask |= c.bits;
        known = true;
      }
    }
    if (!known) {
      base::FdWriter w(2);
      w.str("warning: debug option `").str(word, len).str("' unknown; try ").str(variable)
          .str("=help\n");
    }
  }
  return mask;
}

namespace {

// LDR_DEBUG_OUTPUT: FILE.PID. Out of line so that the path buffer is on the
// stack only when the variable is set (every stack page touched is a fault).
[[gnu::noinline]] void open_trace_file(const char* file) {
  char path[4096];
  {
    base::Writer w(path, sizeof path);
    w.str(file).ch('.').str(g_trace.pid);
  }
  long fd = base::sys_openat(base::kAtFdcwd, path,
                             base::kOpenWriteOnly | base::kOpenCreate | base::kOpenAppend |
                                 base::kOpenCloexec,
                             0666);
  if (!base::sys_failed(fd)) g_trace.fd = static_cast<int>(fd);
}

}  // namespace

void open_trace_output(const char* file) {
  char pid_buf[24];
  const char* pid = base::format_dec(static_cast<uint64_t>(base::sys_getpid()), pid_buf);
  base::copy_bytes(g_trace.pid, pid, base::str_len(pid) + 1);
  if (file == nullptr || file[0] == '\0') return;
  open_trace_file(file);
}

}  // namespace ldr::diag
