// SPDX-License-Identifier: MIT
// Initial-thread set-up with raw system calls (set_tid_address,
// set_robust_list, rseq). Runs before relocation: no libc yet.
#include "glibc/thread.h"

#include "base/syscall.h"
#include "glibc/exports.h"
#include "glibc/layout.h"
#include "runtime.h"

namespace ldr::glibc {

namespace {

namespace P = L::pthread;
constexpr long kSysSetTidAddress = 218, kSysSetRobustList = 273, kSysRseq = 334;
constexpr uint32_t kRseqSig = 0x53053053;            // x86 RSEQ_SIG
constexpr unsigned kRseqAreaSizeInitial = 32;        // Debian's RSEQ_AREA_SIZE_INITIAL
constexpr unsigned kRseqAreaSizeInitialUsed = 20;    // RSEQ_AREA_SIZE_INITIAL_USED
constexpr uint32_t kRseqCpuIdUninitialized = static_cast<uint32_t>(-1);
constexpr uint32_t kRseqCpuIdRegistrationFailed = static_cast<uint32_t>(-2);

}  // namespace

void init_initial_thread(Runtime& rt, unsigned char* tcb, bool rseq) {
  put<void*>(tcb, P::header__self, tcb);
  long tid = base::syscall1(kSysSetTidAddress, reinterpret_cast<long>(ptr<int>(tcb, P::tid)));
  put<int>(tcb, P::tid, static_cast<int>(tid));
  put<void*>(tcb, P::specific, ptr<unsigned char>(tcb, P::specific_1stblock));
  put<bool>(tcb, P::user_stack, true);
  put<bool>(tcb, P::report_events, __nptl_initial_report_events);
  // Robust mutexes: futex_offset is the distance from a mutex's list link to its lock word.
  void* head = ptr<unsigned char>(tcb, P::robust_head);
  put<void*>(tcb, P::robust_prev, head);
  put<void*>(tcb, P::robust_head__list, head);
  namespace G = L::rtld_global;
  int64_t futex_offset = static_cast<int64_t>(G::_dl_load_lock__mutex____data____lock.offset) -
                         static_cast<int64_t>(G::_dl_load_lock__mutex____data____list____next.offset);
  put<int64_t>(tcb, P::robust_head__futex_offset, futex_offset);
  base::syscall2(kSysSetRobustList, reinterpret_cast<long>(head), static_cast<long>(P::robust_head.size));
  // rseq, as Debian's backport registers it.
  put<uint32_t>(tcb, P::rseq_area__cpu_id_start, 0);
  put<uint64_t>(tcb, P::rseq_area__rseq_cs, 0);
  put<uint32_t>(tcb, P::rseq_area__flags, 0);
  bool registered = false;
  if (rseq) {
    put<uint32_t>(tcb, P::rseq_area__cpu_id, kRseqCpuIdUninitialized);
    long r = base::syscall4(kSysRseq, reinterpret_cast<long>(ptr<unsigned char>(tcb, P::rseq_area)),
                            kRseqAreaSizeInitial, 0, kRseqSig);
    registered = r == 0;
  }
  if (!registered) put<uint32_t>(tcb, P::rseq_area__cpu_id, kRseqCpuIdRegistrationFailed);
  set_rseq_exports(registered ? kRseqAreaSizeInitialUsed : 0, static_cast<int64_t>(P::rseq_area.offset));
  put<uint64_t>(tcb, P::stackblock_size, reinterpret_cast<uint64_t>(__libc_stack_end));
  (void)rt;
}

}  // namespace ldr::glibc
