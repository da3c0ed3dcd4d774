// SPDX-License-Identifier: MIT
// Audit modules (LD_AUDIT, --audit): not supported. Each object named gets
// glibc's one-line "cannot be loaded as audit interface" report, with ldr's
// reason, and the start goes on as glibc's does after an audit module fails
// to load. Loads nothing, changes nothing.
#pragma once

namespace ldr {

struct Runtime;

// Reports the objects LD_AUDIT names, then those of the --audit options, in
// glibc 2.36's order (its environment is read before its options).
void report_audit_modules(const Runtime& rt);

}  // namespace ldr
