// SPDX-License-Identifier: MIT
// The statistics block, laid out as glibc's LD_DEBUG=statistics with times in
// nanoseconds instead of cycles, plus ldr's counts (relocations per type,
// symbolic ones, lookups, objects) and the set-up phase between loading and
// relocation. Counters are kept by the phases; nothing here runs unless
// LDR_DEBUG=statistics asked for it.
#include "start/stats.h"

#include "arch/x86_64/machine.h"
#include "base/mem.h"
#include "base/sys.h"
#include "diag/trace.h"
#include "runtime.h"

namespace ldr {

namespace {

void percent(diag::TraceLine& t, uint64_t part, uint64_t whole) {
  uint64_t tenths = whole != 0 ? part * 1000 / whole : 0;
  t.str(" (").dec(tenths / 10).ch('.').dec(tenths % 10).str("%)");
}

}  // namespace

uint64_t monotonic_ns() {
  base::KernelTimespec ts{};
  base::sys_clock_gettime(1 /* CLOCK_MONOTONIC */, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<uint64_t>(ts.tv_nsec);
}

void stamp(uint64_t* slot) {
  if (diag::tracing(diag::kTraceStatistics)) *slot = monotonic_ns();
}

void print_statistics(const Runtime& rt) {
  const Stats& s = rt.stats;
  uint64_t now = monotonic_ns();
  uint64_t total = now - s.ns_start;
  uint64_t setup_done = s.ns_setup != 0 ? s.ns_setup : s.ns_loaded;
  uint64_t load = s.ns_loaded - s.ns_start;
  uint64_t setup = setup_done - s.ns_loaded;  // personality (cpu_features: CPUID), link maps, TLS
  uint64_t reloc = s.ns_relocated - setup_done;
  uint64_t irelative = s.by_type[arch::R_X86_64_IRELATIVE];
  uint64_t symbolic = s.relocations - s.relative_relocations - irelative;
  diag::TraceLine();
  diag::TraceLine().str("runtime linker statistics:");
  diag::TraceLine().str("  total startup time in dynamic loader: ").dec(total).str(" ns");
  {
    diag::TraceLine t;
    t.str("            time needed for relocation: ").dec(reloc).str(" ns");
    percent(t, reloc, total);
  }
  diag::TraceLine().str("                 number of relocations: ").dec(s.relocations);
  diag::TraceLine().str("      number of relocations from cache: ").dec(s.lookups_cached);
  diag::TraceLine().str("        number of relative relocations: ").dec(s.relative_relocations);
  if (s.relr_relocations != 0)
    diag::TraceLine().str("          of which packed in DT_RELR: ").dec(s.relr_relocations);
  diag::TraceLine().str("        number of symbolic relocations: ").dec(symbolic);
  for (uint32_t t = 0; t < arch::kRelocTypeCount; ++t) {
    if (s.by_type[t] == 0) continue;
    diag::TraceLine line;
    const char* name = arch::reloc_type_name(t);
    for (size_t n = base::str_len(name); n < 38; ++n) line.ch(' ');
    line.str(name).str(": ").dec(s.by_type[t]);
  }
  diag::TraceLine().str("               number of symbol lookups: ").dec(s.lookups);
  diag::TraceLine().str("        of which answered by the memo: ").dec(s.lookups_memo);
  if (s.lookups_bound != 0)
    diag::TraceLine().str("  of which answered by the bind cache: ").dec(s.lookups_bound);
  if (s.lookups_prepared != 0)
    diag::TraceLine().str("         of which prepared in groups: ").dec(s.lookups_prepared);
  {
    diag::TraceLine t;
    t.str("           time needed to load objects: ").dec(load).str(" ns");
    percent(t, load, total);
  }
  diag::TraceLine().str("                number of objects loaded: ").dec(s.objects_loaded);
  {
    diag::TraceLine t;
    t.str("    time needed for set-up (libc, TLS): ").dec(setup).str(" ns");
    percent(t, setup, total);
  }
  if (s.ns_relocated != 0 && now > s.ns_relocated) {
    uint64_t handover = now - s.ns_relocated;  // libc's early init, RELRO, debugger notice
    diag::TraceLine t;
    t.str("        time needed for libc hand-over: ").dec(handover).str(" ns");
    percent(t, handover, total);
  }
}

}  // namespace ldr
