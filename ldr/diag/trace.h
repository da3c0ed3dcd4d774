// SPDX-License-Identifier: MIT
// LDR_DEBUG output in the shape of glibc's LD_DEBUG: each line is the PID
// right-aligned in 10 columns, ':', a TAB, then the message. Categories are
// bits; a disabled category costs one load and a branch.
#pragma once

#include <cstdint>
#include <initializer_list>

#include "base/fmt.h"

namespace ldr::diag {

enum TraceCategory : uint32_t {
  kTraceLibs = 1u << 0,
  kTraceReloc = 1u << 1,
  kTraceFiles = 1u << 2,
  kTraceSymbols = 1u << 3,
  kTraceBindings = 1u << 4,
  kTraceVersions = 1u << 5,
  kTraceScopes = 1u << 6,
  kTraceStatistics = 1u << 7,
  kTraceUnused = 1u << 8,  // with a listing: the executable's unused direct dependencies (ldd -u)
  kTraceAll = kTraceLibs | kTraceReloc | kTraceFiles | kTraceSymbols | kTraceBindings |
              kTraceVersions | kTraceScopes,
  // glibc's DL_DEBUG_IMPCALLS, which every category but scopes, statistics
  // and unused sets: "calling init/fini" (and libc's "initialize program").
  kTraceImpcalls = kTraceLibs | kTraceReloc | kTraceFiles | kTraceSymbols | kTraceBindings | kTraceVersions,
};

struct TraceState {
  uint32_t mask = 0;
  int fd = 2;
  char pid[24] = {};
};

// The one trace configuration of the process. A global (not a Runtime field)
// so every room can test a category without a Runtime in hand.
extern TraceState g_trace;

inline bool tracing(uint32_t category) { return (g_trace.mask & category) != 0; }

// One output line: the prefix on construction, the newline on destruction.
class TraceLine : public base::FdWriter {
 public:
  TraceLine() : base::FdWriter(g_trace.fd) { rjust(g_trace.pid, 10).str(":\t"); }
  ~TraceLine() { nl(); }
};

// One line of plain strings, written out of line: a TraceLine inlined into a
// function on the loader's start path puts its 512-byte buffer in that frame
// whether tracing is on or not, and the stack's depth is page faults.
[[gnu::cold, gnu::noinline]] void trace_line(std::initializer_list<const char*> parts);

// glibc's _dl_signal_cexception line for a lookup error (a symbol or a
// version), which it prints under any debug category but statistics:
// "OBJECT: error: OCCASION: MESSAGE (fatal)", "(continued)" where the
// error is reported and loading goes on (ldd -r). Prints nothing otherwise.
void trace_lookup_error(const char* object, const char* occasion, std::initializer_list<const char*> message,
                        bool continued);

// Parses a category list ("libs,reloc", separated by ',', ':' or ' ').
// Unknown names print glibc's warning naming `variable`; "help" prints the
// category list and exits 0. Returns the mask.
uint32_t parse_categories(const char* spec, const char* variable);

// Opens the output: stderr, or "<file>.<pid>" when `file` is set.
void open_trace_output(const char* file);

}  // namespace ldr::diag
