// SPDX-License-Identifier: MIT
// __tls_get_addr for the General- and Local-Dynamic models. Every object
// loaded at start-up lives in static TLS, so the DTV always has the block.
// TODO(issue-7): dynamic TLS for objects opened later (generation check, slow path).
#include "arch/x86_64/machine.h"
#include "tls/dtv.h"

extern "C" __attribute__((visibility("default"))) void* __tls_get_addr(ldr::tls::TlsIndex* ti) {
  auto* dtv = static_cast<ldr::tls::DtvEntry*>(ldr::arch::thread_dtv());
  return static_cast<char*>(dtv[ti->ti_module].pointer.val) + ti->ti_offset;
}
