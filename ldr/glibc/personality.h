// SPDX-License-Identifier: MIT
// The glibc personality's entry for the core: the Personality to use when
// the closure holds libc.so.6, or nullptr.
#pragma once

namespace ldr {
struct Personality;
struct Runtime;
}  // namespace ldr

namespace ldr::glibc {

const Personality* glibc_personality(Runtime& rt);

// ld.so --list-tunables: every tunable of this glibc with its value and
// bounds, after GLIBC_TUNABLES and the CPU's cache sizes (dl_init_cacheinfo)
// applied, in glibc's order and format (elf/dl-tunables.c __tunables_print),
// on standard output.
void print_tunables(Runtime& rt);

// ld.so --list-diagnostics (glibc/diagnostics.h), on standard output.
void print_diagnostics(Runtime& rt);

// Whether this CPU runs glibc-hwcaps level `level` (x86-64-v2..v4), with
// GLIBC_TUNABLES' glibc.cpu.hwcaps applied: cpu_features computed on first
// use (then kept for after_load).
bool hwcaps_level_active(Runtime& rt, unsigned level);

}  // namespace ldr::glibc
