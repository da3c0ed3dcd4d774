// SPDX-License-Identifier: MIT
// Data symbols ldr exports for libc.so.6 (glibc-abi.md §1.2), and setters
// for the ones that live in RELRO.
#pragma once

#include <cstdint>

extern "C" {
extern void* __libc_stack_end;
extern char** _dl_argv;
extern int __libc_enable_secure;
extern bool __nptl_initial_report_events;
}

namespace ldr::glibc {

void set_rseq_exports(unsigned int size, int64_t offset);

}  // namespace ldr::glibc
