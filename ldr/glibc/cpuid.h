// SPDX-License-Identifier: MIT
// CPUID and XGETBV for the cpu_features computation, behind a small cache so
// each (leaf, subleaf) executes at most once (CPUID traps to the hypervisor:
// ~10 µs each on the project's VM). No globals; the cache lives on the
// caller's stack. Tests may preload it and turn off the hardware (replay).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ldr::glibc {

// glibc's struct cpuid_registers.
struct CpuidRegisters {
  unsigned int eax;
  unsigned int ebx;
  unsigned int ecx;
  unsigned int edx;
};

inline CpuidRegisters execute_cpuid(uint32_t leaf, uint32_t subleaf) {
  CpuidRegisters r;
  asm volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(subleaf));
  return r;
}

// XGETBV with ECX = 0: the low word of XCR0 (only valid when OSXSAVE is set).
inline uint32_t execute_xgetbv0() {
  uint32_t lo, hi;
  asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return lo;
}

// Remembers every leaf it has executed. Leaves that ignore ECX are keyed with
// subleaf 0. With `hardware` false, unknown leaves read as zero (a recorded
// machine replayed by a test).
class CpuidCache {
 public:
  static constexpr size_t kCapacity = 64;

  struct Entry {
    uint32_t leaf, subleaf;
    CpuidRegisters regs;
  };

  CpuidRegisters query(uint32_t leaf, uint32_t subleaf = 0) {
    for (size_t i = 0; i < count_; ++i)
      if (entries_[i].leaf == leaf && entries_[i].subleaf == subleaf) return entries_[i].regs;
    CpuidRegisters r{0, 0, 0, 0};
    if (hardware_) {
      r = execute_cpuid(leaf, subleaf);
      ++executed_;
    }
    // A full cache still answers correctly, it only stops remembering.
    if (count_ < kCapacity) entries_[count_++] = Entry{leaf, subleaf, r};
    return r;
  }

  uint32_t xcr0() {
    if (!have_xcr0_) {
      xcr0_ = hardware_ ? execute_xgetbv0() : 0;
      have_xcr0_ = true;
    }
    return xcr0_;
  }

  // Replay support: preload a recorded leaf or XCR0 and stop using hardware.
  void preload(uint32_t leaf, uint32_t subleaf, CpuidRegisters regs) {
    if (count_ < kCapacity) entries_[count_++] = Entry{leaf, subleaf, regs};
  }
  void preload_xcr0(uint32_t v) {
    xcr0_ = v;
    have_xcr0_ = true;
  }
  void set_hardware(bool on) { hardware_ = on; }

  // What has been queried or preloaded (a recording of the machine).
  const Entry* entries() const { return entries_; }
  size_t entry_count() const { return count_; }

  // Number of CPUID instructions executed so far.
  uint32_t executed_count() const { return executed_; }

 private:
  Entry entries_[kCapacity];
  size_t count_ = 0;
  uint32_t executed_ = 0;
  uint32_t xcr0_ = 0;
  bool have_xcr0_ = false;
  bool hardware_ = true;
};

}  // namespace ldr::glibc
