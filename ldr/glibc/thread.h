// SPDX-License-Identifier: MIT
// The initial thread's struct pthread, as glibc 2.36's __tls_init_tp leaves
// it (glibc-abi.md §7, §11): self pointer, tid, robust list, specific keys,
// rseq registration and __rseq_size/__rseq_offset.
#pragma once

namespace ldr {
struct Runtime;
}

namespace ldr::glibc {

// `tcb` is the thread pointer (struct pthread *). `rseq` is the
// glibc.pthread.rseq tunable.
void init_initial_thread(Runtime& rt, unsigned char* tcb, bool rseq);

}  // namespace ldr::glibc
