// SPDX-License-Identifier: MIT
// The vendor/model heuristics of glibc 2.36 init_cpu_features (preferred
// bits, TSX errata) and its tail (hwcaps tunable, XSAVE clean-up, dl_hwcap,
// dl_platform). Model numbers are glibc's; keep them in glibc's order so the
// two can be compared case by case. Pure: no CPUID here.
#include <initializer_list>

#include "glibc/cpu_features.h"

namespace ldr::glibc {

namespace {

// Family 6 preferred bits, the first switch of glibc's Intel branch.
void intel_family6_preferred(CpuFeatures* f, unsigned int model) {
  unsigned int& p = f->preferred[0];
  switch (model) {
    case 0x1c:
    case 0x26:
      p |= arch::Slow_BSF;  // BSF is slow on Atom
      return;
    case 0x57:  // Knights Landing: Silvermont optimizations
    case 0x7a:  // Goldmont Plus
    case 0x5c:
    case 0x5f:  // Goldmont
    case 0x4c:
    case 0x5a:
    case 0x75:  // Airmont
    case 0x37:
    case 0x4a:
    case 0x4d:
    case 0x5d:  // Silvermont
      p |= arch::Fast_Unaligned_Load | arch::Fast_Unaligned_Copy |
           arch::Prefer_PMINUB_for_stringop | arch::Slow_SSE4_2;
      return;
    case 0x86:
    case 0x96:
    case 0x9c:  // Tremont
      p |= arch::Fast_Rep_String | arch::Fast_Unaligned_Load | arch::Fast_Unaligned_Copy |
           arch::Prefer_PMINUB_for_stringop | arch::Slow_SSE4_2;
      return;
    case 0x1a:
    case 0x1e:
    case 0x1f:
    case 0x25:
    case 0x2c:
    case 0x2e:
    case 0x2f:
      break;  // Core i3/i5/i7
    default:
      // Unknown family 6 models are taken for Core i3/i5/i7 if they have AVX.
      if (!cpu_has(f, cpu::AVX)) return;
      break;
  }
  p |= arch::Fast_Rep_String | arch::Fast_Unaligned_Load | arch::Fast_Unaligned_Copy |
       arch::Prefer_PMINUB_for_stringop;
}

// The TSX errata switch: disable TSX where microcode may not have.
void intel_family6_tsx(CpuFeatures* f, unsigned int model, unsigned int stepping) {
  bool disable_tsx = false;
  switch (model) {
    case 0x55:
      disable_tsx = stepping <= 5;
      break;
    case 0x8e:  // all client steppings, 0xc included (Core i7-8665U)
    case 0x9e:
      disable_tsx = stepping <= 0xc;
      break;
    case 0x4e:
    case 0x5e:
      disable_tsx = true;
      break;
    case 0x3f:  // Xeon E7 v3 with stepping >= 4 has working TSX
      if (stepping >= 4) break;
      [[fallthrough]];
    case 0x3c:
    case 0x45:
    case 0x46:  // Haswell
      feature_unset(f, cpu::RTM);
      break;
    default:
      break;
  }
  if (disable_tsx) {
    feature_unset(f, cpu::HLE);
    feature_unset(f, cpu::RTM);
    feature_set(f, cpu::RTM_ALWAYS_ABORT);
  }
}

}  // namespace

void init_intel(CpuFeatures* f, unsigned int family, unsigned int& model, unsigned int stepping,
                unsigned int extended_model) {
  if (family == 0x06) {
    model += extended_model;
    intel_family6_preferred(f, model);
    intel_family6_tsx(f, model, stepping);
  }
  unsigned int& p = f->preferred[0];
  // AVX512ER means Xeon Phi. Elsewhere avoid AVX-512 (frequency drop)
  // unless AVX-VNNI shows a CPU without that drop.
  if (cpu_has(f, cpu::AVX512ER)) {
    p |= arch::Prefer_No_VZEROUPPER;
  } else {
    if (!cpu_has(f, cpu::AVX_VNNI)) p |= arch::Prefer_No_AVX512;
    // VZEROUPPER inside an RTM transaction aborts it.
    if (cpu_usable(f, cpu::RTM)) p |= arch::Prefer_No_VZEROUPPER;
  }
  if (cpu_has(f, cpu::FSRM)) p |= arch::Avoid_Short_Distance_REP_MOVSB;
}

void init_amd(CpuFeatures* f, unsigned int family, unsigned int model) {
  // FMA4 is in leaf 0x80000001 and needs AVX.
  if (cpu_usable(f, cpu::AVX)) feature_set_active(f, cpu::FMA4);
  if (family == 0x15 && model >= 0x60 && model <= 0x7f) {  // Excavator
    f->preferred[0] |= arch::Fast_Unaligned_Load | arch::Fast_Copy_Backward;
    f->preferred[0] &= ~arch::AVX_Fast_Unaligned_Load;  // unaligned AVX loads are slower
  }
}

void init_zhaoxin(CpuFeatures* f, unsigned int family, unsigned int& model,
                  unsigned int extended_model) {
  model += extended_model;
  bool no_avx = false, slow_sse4_2 = false;
  if (family == 0x6) {
    no_avx = slow_sse4_2 = model == 0xf || model == 0x19;
  } else if (family == 0x7) {
    no_avx = model == 0x1b || model == 0x3b;
    slow_sse4_2 = model == 0x1b;
  }
  if (!no_avx) return;
  feature_unset(f, cpu::AVX);
  feature_unset(f, cpu::AVX2);
  if (slow_sse4_2) f->preferred[0] |= arch::Slow_SSE4_2;
  f->preferred[0] &= ~arch::AVX_Fast_Unaligned_Load;
}

void finish_cpu_features(CpuFeatures* f, const CpuTunables& tunables) {
  using namespace cpu;
  // TUNABLE_GET (hwcaps, ..., set_hwcaps): the callback runs only if set.
  if (tunables.hwcaps != nullptr) apply_hwcaps_mask(f, tunables.hwcaps);

  bool disable_xsave_features = false;
  if (!cpu_usable(f, OSXSAVE)) {
    // Usable only with OSXSAVE.
    for (CpuFeatureBit b : {XSAVE, XSAVEOPT, XSAVEC, XGETBV_ECX_1, XFD}) feature_unset(f, b);
    disable_xsave_features = true;
  }
  if (disable_xsave_features || (!cpu_usable(f, XSAVE) && !cpu_usable(f, XSAVEC))) {
    // Without XSAVE/XSAVEC, _dl_runtime_resolve cannot save vector state.
    f->xsave_state_size = 0;
    for (CpuFeatureBit b :
         {AVX, AVX2, AVX_VNNI, FMA, VAES, VPCLMULQDQ, XOP, F16C, AVX512F, AVX512CD, AVX512ER,
          AVX512PF, AVX512VL, AVX512DQ, AVX512BW, AVX512_4FMAPS, AVX512_4VNNIW, AVX512_BITALG,
          AVX512_IFMA, AVX512_VBMI, AVX512_VBMI2, AVX512_VNNI, AVX512_VPOPCNTDQ,
          AVX512_VP2INTERSECT, AVX512_BF16, AVX512_FP16, AMX_BF16, AMX_TILE, AMX_INT8, FMA4})
      feature_unset(f, b);
  }

  f->dl_hwcap = HWCAP_X86_64;
  f->dl_platform = nullptr;
  if (f->basic.kind == arch_kind_intel) {
    const char* platform = nullptr;
    if (cpu_usable(f, AVX512CD)) {
      if (cpu_usable(f, AVX512ER)) {
        if (cpu_usable(f, AVX512PF)) platform = "xeon_phi";
      } else if (cpu_usable(f, AVX512BW) && cpu_usable(f, AVX512DQ) && cpu_usable(f, AVX512VL)) {
        f->dl_hwcap |= HWCAP_X86_AVX512_1;
      }
    }
    if (platform == nullptr && cpu_usable(f, AVX2) && cpu_usable(f, FMA) && cpu_usable(f, BMI1) &&
        cpu_usable(f, BMI2) && cpu_usable(f, LZCNT) && cpu_usable(f, MOVBE) && cpu_usable(f, POPCNT))
      platform = "haswell";
    f->dl_platform = platform;
  }
  // Built without CET: no get_cet_status, IBT/SHSTK never become active.
  f->dl_x86_feature_1 = 0;
}

}  // namespace ldr::glibc
