// SPDX-License-Identifier: MIT
// glibc.cpu.hwcaps, glibc 2.36 sysdeps/x86/cpu-tunables.c set_hwcaps:
// "-NAME" clears a usable CPU feature or a preferred bit, "NAME" sets a
// preferred bit (some only if a feature they need is usable). Names are
// case-sensitive and exact; unknown names are ignored. Pure, no allocation.
#include "glibc/cpu_features.h"

namespace ldr::glibc {

namespace {

enum class MaskKind : uint8_t {
  kCpuOff,         // CHECK_GLIBC_IFUNC_CPU_OFF: "-NAME" clears the active bit
  kPreferredOff,   // CHECK_GLIBC_IFUNC_PREFERRED_OFF: "-NAME" only
  kPreferredBoth,  // CHECK_GLIBC_IFUNC_PREFERRED_BOTH
  kPreferredNeed,  // CHECK_GLIBC_IFUNC_PREFERRED_NEED_BOTH: set only if `need` usable
  kXsavecOff,      // "-XSAVEC": also falls back to the XSAVE state size
};

// The name is an array, not a pointer: a table of pointers needs a relocation
// each, and the loader relocating itself would dirty (copy) its page.
struct MaskEntry {
  char name[28];
  MaskKind kind;
  CpuFeatureBit feature;  // kCpuOff, kXsavecOff
  unsigned int preferred;  // the arch:: bit for the preferred kinds
  CpuFeatureBit need;      // kPreferredNeed
};

constexpr CpuFeatureBit kNone{0, 0, 0};

// Every name glibc's switch knows (the switch groups them by length; names
// are unique, so one table is equivalent).
constexpr MaskEntry kMask[] = {
    {"AVX", MaskKind::kCpuOff, cpu::AVX, 0, kNone},
    {"CX8", MaskKind::kCpuOff, cpu::CX8, 0, kNone},
    {"FMA", MaskKind::kCpuOff, cpu::FMA, 0, kNone},
    {"HTT", MaskKind::kCpuOff, cpu::HTT, 0, kNone},
    {"IBT", MaskKind::kCpuOff, cpu::IBT, 0, kNone},
    {"RTM", MaskKind::kCpuOff, cpu::RTM, 0, kNone},
    {"AVX2", MaskKind::kCpuOff, cpu::AVX2, 0, kNone},
    {"BMI1", MaskKind::kCpuOff, cpu::BMI1, 0, kNone},
    {"BMI2", MaskKind::kCpuOff, cpu::BMI2, 0, kNone},
    {"CMOV", MaskKind::kCpuOff, cpu::CMOV, 0, kNone},
    {"ERMS", MaskKind::kCpuOff, cpu::ERMS, 0, kNone},
    {"FMA4", MaskKind::kCpuOff, cpu::FMA4, 0, kNone},
    {"SSE2", MaskKind::kCpuOff, cpu::SSE2, 0, kNone},
    {"I586", MaskKind::kPreferredOff, kNone, arch::I586, kNone},
    {"I686", MaskKind::kPreferredOff, kNone, arch::I686, kNone},
    {"LZCNT", MaskKind::kCpuOff, cpu::LZCNT, 0, kNone},
    {"MOVBE", MaskKind::kCpuOff, cpu::MOVBE, 0, kNone},
    {"SHSTK", MaskKind::kCpuOff, cpu::SHSTK, 0, kNone},
    {"SSSE3", MaskKind::kCpuOff, cpu::SSSE3, 0, kNone},
    {"XSAVE", MaskKind::kCpuOff, cpu::XSAVE, 0, kNone},
    {"POPCNT", MaskKind::kCpuOff, cpu::POPCNT, 0, kNone},
    {"SSE4_1", MaskKind::kCpuOff, cpu::SSE4_1, 0, kNone},
    {"SSE4_2", MaskKind::kCpuOff, cpu::SSE4_2, 0, kNone},
    {"XSAVEC", MaskKind::kXsavecOff, cpu::XSAVEC, 0, kNone},
    {"AVX512F", MaskKind::kCpuOff, cpu::AVX512F, 0, kNone},
    {"OSXSAVE", MaskKind::kCpuOff, cpu::OSXSAVE, 0, kNone},
    {"AVX512CD", MaskKind::kCpuOff, cpu::AVX512CD, 0, kNone},
    {"AVX512BW", MaskKind::kCpuOff, cpu::AVX512BW, 0, kNone},
    {"AVX512DQ", MaskKind::kCpuOff, cpu::AVX512DQ, 0, kNone},
    {"AVX512ER", MaskKind::kCpuOff, cpu::AVX512ER, 0, kNone},
    {"AVX512PF", MaskKind::kCpuOff, cpu::AVX512PF, 0, kNone},
    {"AVX512VL", MaskKind::kCpuOff, cpu::AVX512VL, 0, kNone},
    {"Slow_BSF", MaskKind::kPreferredBoth, kNone, arch::Slow_BSF, kNone},
    {"Prefer_ERMS", MaskKind::kPreferredBoth, kNone, arch::Prefer_ERMS, kNone},
    {"Prefer_FSRM", MaskKind::kPreferredBoth, kNone, arch::Prefer_FSRM, kNone},
    {"Slow_SSE4_2", MaskKind::kPreferredNeed, kNone, arch::Slow_SSE4_2, cpu::SSE4_2},
    {"Fast_Rep_String", MaskKind::kPreferredBoth, kNone, arch::Fast_Rep_String, kNone},
    {"Prefer_No_AVX512", MaskKind::kPreferredNeed, kNone, arch::Prefer_No_AVX512, cpu::AVX512F},
    {"Fast_Copy_Backward", MaskKind::kPreferredBoth, kNone, arch::Fast_Copy_Backward, kNone},
    {"Fast_Unaligned_Load", MaskKind::kPreferredBoth, kNone, arch::Fast_Unaligned_Load, kNone},
    {"Fast_Unaligned_Copy", MaskKind::kPreferredBoth, kNone, arch::Fast_Unaligned_Copy, kNone},
    {"Prefer_No_VZEROUPPER", MaskKind::kPreferredNeed, kNone, arch::Prefer_No_VZEROUPPER, cpu::AVX},
    {"AVX_Fast_Unaligned_Load", MaskKind::kPreferredNeed, kNone, arch::AVX_Fast_Unaligned_Load,
     cpu::AVX},
    {"MathVec_Prefer_No_AVX512", MaskKind::kPreferredNeed, kNone, arch::MathVec_Prefer_No_AVX512,
     cpu::AVX512F},
    {"Prefer_PMINUB_for_stringop", MaskKind::kPreferredNeed, kNone,
     arch::Prefer_PMINUB_for_stringop, cpu::SSE2},
};

bool name_is(const char* name, const char* token, size_t len) {
  for (size_t i = 0; i < len; ++i)
    if (name[i] != token[i] || name[i] == '\0') return false;
  return name[len] == '\0';
}

void apply_token(CpuFeatures* f, const char* token, size_t len) {
  bool disable = len > 0 && token[0] == '-';
  if (disable) {
    ++token;
    --len;
  }
  for (const MaskEntry& e : kMask) {
    if (!name_is(e.name, token, len)) continue;
    switch (e.kind) {
      case MaskKind::kCpuOff:
        if (disable) feature_unset(f, e.feature);
        break;
      case MaskKind::kXsavecOff:
        if (disable) {
          f->xsave_state_size = f->xsave_state_full_size;
          feature_unset(f, e.feature);
        }
        break;
      case MaskKind::kPreferredOff:
        if (disable) f->preferred[0] &= ~e.preferred;
        break;
      case MaskKind::kPreferredBoth:
        if (disable) f->preferred[0] &= ~e.preferred;
        else f->preferred[0] |= e.preferred;
        break;
      case MaskKind::kPreferredNeed:
        if (disable) f->preferred[0] &= ~e.preferred;
        else if (cpu_usable(f, e.need)) f->preferred[0] |= e.preferred;
        break;
    }
    return;
  }
}

}  // namespace

// glibc walks comma-separated tokens with `do { ...; p += len + 1; } while
// (*p != '\0')`, so after the last token it reads the bytes following the
// value's NUL (the rest of GLIBC_TUNABLES, then later environment strings)
// as more tokens. Those rarely spell a feature name; ldr stops at the NUL.
void apply_hwcaps_mask(CpuFeatures* f, const char* mask) {
  const char* p = mask;
  for (;;) {
    size_t len = 0;
    while (p[len] != ',' && p[len] != '\0') ++len;
    apply_token(f, p, len);
    if (p[len] == '\0') return;
    p += len + 1;
    if (*p == '\0') return;
  }
}

}  // namespace ldr::glibc
