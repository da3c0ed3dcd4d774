// SPDX-License-Identifier: MIT
// ld.so --list-diagnostics, glibc 2.36's (elf/dl-diagnostics.c with its
// Linux kernel and x86 cpu parts): key=value lines in glibc's order,
// quoting and number format, from this start's state, then ldr's own keys
// (ldr.*). Writes only; reads what the caller computed (cpu_features with
// the tunables applied) and the start-up state.
#pragma once

namespace ldr {
struct Runtime;
namespace base {
class Writer;
}
}  // namespace ldr

namespace ldr::glibc {

struct CpuFeatures;

// `platform` is GLRO(dl_platform): cpu_features' replacement, else AT_PLATFORM.
void write_diagnostics(base::Writer& w, const Runtime& rt, const CpuFeatures& f, const char* platform);

}  // namespace ldr::glibc
