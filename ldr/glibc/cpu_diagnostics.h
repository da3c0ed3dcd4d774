// SPDX-License-Identifier: MIT
// The x86.cpu_features lines of ld.so --list-diagnostics, in glibc's order
// and format, for a computed CpuFeatures: the loader prints them
// (glibc/diagnostics.h), the glibc-cpu oracle test compares them with the
// system ld.so's. Pure: writes only into the Writer.
#pragma once

namespace ldr::base {
class Writer;
}

namespace ldr::glibc {

struct CpuFeatures;

void write_cpu_diagnostics(base::Writer& w, const CpuFeatures& f);

}  // namespace ldr::glibc
