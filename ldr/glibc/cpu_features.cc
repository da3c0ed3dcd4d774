// SPDX-License-Identifier: MIT
// init_cpu_features, update_active, get_isa_level and dl_check_minsigstacksize
// of glibc 2.36 sysdeps/x86 (Debian's patched tree), ported step for step so
// the result equals glibc's. Pure: CPUID/XGETBV only, through CpuidCache; no
// syscalls, no globals.
#include "glibc/cpu_features.h"

#include <initializer_list>

namespace ldr::glibc {

namespace {

// sysdeps/x86/sysdep.h: integer registers saved before the XSAVE area, and
// the state components _dl_runtime_resolve saves (SSE, AVX, MPX, AVX-512).
constexpr unsigned int STATE_SAVE_OFFSET = 8 * 7 + 8;
constexpr unsigned int STATE_SAVE_MASK = (1 << 1) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 6) | (1 << 7);

// XCR0 state components.
constexpr uint32_t bit_XMM_state = 1u << 1, bit_YMM_state = 1u << 2, bit_Opmask_state = 1u << 5,
                   bit_ZMM0_15_state = 1u << 6, bit_ZMM16_31_state = 1u << 7,
                   bit_XTILECFG_state = 1u << 17, bit_XTILEDATA_state = 1u << 18;

// Linux <bits/sigstack.h> MINSIGSTKSZ.
constexpr uint64_t MINSIGSTKSZ = 2048;

uint32_t align_up(uint32_t v, uint32_t a) { return (v + a - 1) & ~(a - 1); }


// The XSAVEC (compacted) size of the STATE_SAVE_MASK components, as
// update_active lays them out: components 0/1 fixed, 2 at 576, later ones
// packed, 64-aligned when CPUID 0xd.i ECX bit 1 says so. Returns 0 if empty.
uint32_t xsavec_state_size(CpuidCache& cpuid) {
  uint32_t offset = 576, size = 0;  // component 2
  for (uint32_t i = 2; i < 32; ++i) {
    uint32_t comp_size = 0, ecx = 0;
    if ((STATE_SAVE_MASK & (1u << i)) != 0) {
      CpuidRegisters r = cpuid.query(0xd, i);
      comp_size = r.eax;
      ecx = r.ecx;
    }
    if (i > 2) {
      offset += size;
      if ((ecx & (1u << 1)) != 0) offset = align_up(offset, 64);
    }
    size = comp_size;
  }
  return offset + size;
}

// The part of update_active that needs XCR0 (OSXSAVE set).
void update_active_xsave(CpuFeatures* f, CpuidCache& cpuid) {
  using namespace cpu;
  uint32_t xcr0 = cpuid.xcr0();
  if ((xcr0 & (bit_YMM_state | bit_XMM_state)) == (bit_YMM_state | bit_XMM_state)) {
    if (cpu_has(f, AVX)) {
      feature_set(f, AVX);
      if (cpu_has(f, AVX2)) {
        feature_set(f, AVX2);
        // Unaligned 256-bit loads are fast on Intel/AMD CPUs with AVX2.
        f->preferred[0] |= arch::AVX_Fast_Unaligned_Load;
      }
      for (CpuFeatureBit b : {AVX_VNNI, FMA, VAES, VPCLMULQDQ, XOP, F16C}) feature_set_active(f, b);
    }
    constexpr uint32_t zmm = bit_Opmask_state | bit_ZMM0_15_state | bit_ZMM16_31_state;
    if ((xcr0 & zmm) == zmm && cpu_has(f, AVX512F)) {
      feature_set(f, AVX512F);
      for (CpuFeatureBit b : {AVX512CD, AVX512ER, AVX512PF, AVX512VL, AVX512DQ, AVX512BW,
                              AVX512_4FMAPS, AVX512_4VNNIW, AVX512_BITALG, AVX512_IFMA,
                              AVX512_VBMI, AVX512_VBMI2, AVX512_VNNI, AVX512_VPOPCNTDQ,
                              AVX512_VP2INTERSECT, AVX512_BF16, AVX512_FP16})
        feature_set_active(f, b);
    }
  }
  constexpr uint32_t tiles = bit_XTILECFG_state | bit_XTILEDATA_state;
  if ((xcr0 & tiles) == tiles)
    for (CpuFeatureBit b : {AMX_BF16, AMX_TILE, AMX_INT8}) feature_set_active(f, b);

  feature_set(f, XSAVE);
  for (CpuFeatureBit b : {XSAVEOPT, XSAVEC, XGETBV_ECX_1, XFD}) feature_set_active(f, b);

  // _dl_runtime_resolve's save area: XSAVE size plus the integer registers,
  // 64-aligned; smaller with XSAVEC (then XSAVEC is marked usable).
  if (f->basic.max_cpuid < 0xd) return;
  uint32_t ebx = cpuid.query(0xd, 0).ebx;
  if (ebx == 0) return;
  uint32_t full = align_up(ebx + STATE_SAVE_OFFSET, 64);
  f->xsave_state_size = full;
  f->xsave_state_full_size = full;
  if (!cpu_has(f, XSAVEC)) return;
  uint32_t size = xsavec_state_size(cpuid);
  if (size != 0) {
    f->xsave_state_size = align_up(size + STATE_SAVE_OFFSET, 64);
    feature_set(f, XSAVEC);
  }
}

// update_active: which CPUID bits user space may use. CET (IBT/SHSTK) stays
// off: Debian's 2.36 is built without CET_ENABLED.
void update_active(CpuFeatures* f, CpuidCache& cpuid) {
  using namespace cpu;
  // Usable without OS support: copied as reported.
  for (CpuFeatureBit b :
       {SSE3,      PCLMULQDQ,   SSSE3,      CMPXCHG16B, SSE4_1,    SSE4_2,      MOVBE,
        POPCNT,    AES,         OSXSAVE,    TSC,        CX8,       CMOV,        CLFSH,
        MMX,       FXSR,        SSE,        SSE2,       HTT,       BMI1,        HLE,
        BMI2,      ERMS,        RDSEED,     ADX,        CLFLUSHOPT, CLWB,       SHA,
        PREFETCHWT1, OSPKE,     WAITPKG,    GFNI,       RDPID,     RDRAND,      CLDEMOTE,
        MOVDIRI,   MOVDIR64B,   FSRM,       RTM_ALWAYS_ABORT, SERIALIZE, TSXLDTRK,
        LAHF64_SAHF64, LZCNT,   SSE4A,      PREFETCHW,  TBM,       RDTSCP,      WBNOINVD,
        FZLRM,     FSRS,        FSRCS,      PTWRITE})
    feature_set_active(f, b);
  if (!cpu_has(f, RTM_ALWAYS_ABORT)) feature_set_active(f, RTM);

  if (cpu_has(f, OSXSAVE)) update_active_xsave(f, cpuid);

  if (cpu_has(f, OSPKE)) feature_set(f, PKU);
  if (cpu_has(f, AESKLE)) {
    feature_set(f, AESKLE);
    feature_set_active(f, KL);
    feature_set_active(f, WIDE_KL);
  }
  f->isa_1 = get_isa_level(f);
}

void load(CpuidFeatureInternal& slot, CpuidRegisters r) { slot.cpuid = r; }

// get_extended_indices.
void get_extended_indices(CpuFeatures* f, CpuidCache& cpuid) {
  uint32_t max_ext = cpuid.query(0x80000000).eax;
  if (max_ext >= 0x80000001) load(f->features[CPUID_INDEX_80000001], cpuid.query(0x80000001));
  if (max_ext >= 0x80000007) load(f->features[CPUID_INDEX_80000007], cpuid.query(0x80000007));
  if (max_ext >= 0x80000008) load(f->features[CPUID_INDEX_80000008], cpuid.query(0x80000008));
}

// dl_check_minsigstacksize (sysdeps/unix/sysv/linux/x86): emulates
// AT_MINSIGSTKSZ from the XSAVE size when the kernel does not provide it.
void check_minsigstacksize(CpuFeatures* f, uint64_t at_minsigstksz, CpuidCache& cpuid) {
  f->dl_minsigstacksize = at_minsigstksz;
  if (at_minsigstksz != 0) return;
  if (f->basic.max_cpuid >= 0xd && cpu_has(f, cpu::OSXSAVE)) {
    // sizeof (struct rt_sigframe) + return address, 16-aligned with 15 bytes
    // of alignment slack, then (64 - 16) padding to a 64-aligned XSAVE
    // buffer, the buffer, and FP_XSTATE_MAGIC2 (4 bytes).
    uint32_t size = align_up(440 + 8 + 15, 16) + (64 - 16);
    size += cpuid.query(0xd, 0).ebx;
    size += 4;
    f->dl_minsigstacksize = size;
  } else {
    f->dl_minsigstacksize = MINSIGSTKSZ;
  }
}

// get_common_indices. With `with_basic` false ("other" vendors) leaf 1 is
// not read and family/model/stepping stay 0, as glibc passes NULLs.
struct Signature {
  unsigned int family = 0, model = 0, extended_model = 0, stepping = 0;
};
Signature get_common_indices(CpuFeatures* f, bool with_basic, const CpuTunables& t,
                             CpuidCache& cpuid) {
  Signature s;
  if (with_basic) {
    CpuidRegisters r = cpuid.query(1);
    load(f->features[CPUID_INDEX_1], r);
    s.family = (r.eax >> 8) & 0x0f;
    s.model = (r.eax >> 4) & 0x0f;
    s.extended_model = (r.eax >> 12) & 0xf0;
    s.stepping = r.eax & 0x0f;
    if (s.family == 0x0f) {
      s.family += (r.eax >> 20) & 0xff;
      s.model += s.extended_model;
    }
  }
  if (f->basic.max_cpuid >= 7) {
    load(f->features[CPUID_INDEX_7], cpuid.query(7, 0));
    load(f->features[CPUID_INDEX_7_ECX_1], cpuid.query(7, 1));
  }
  if (f->basic.max_cpuid >= 0xd) load(f->features[CPUID_INDEX_D_ECX_1], cpuid.query(0xd, 1));
  if (f->basic.max_cpuid >= 0x14) load(f->features[CPUID_INDEX_14_ECX_0], cpuid.query(0x14, 0));
  if (f->basic.max_cpuid >= 0x19) load(f->features[CPUID_INDEX_19], cpuid.query(0x19, 0));
  check_minsigstacksize(f, t.at_minsigstksz, cpuid);
  return s;
}

void zero(CpuFeatures* f) {
  auto* p = reinterpret_cast<unsigned char*>(f);
  for (size_t i = 0; i < sizeof *f; ++i) p[i] = 0;
}

}  // namespace

// get-isa-level.h, with Debian's BMI1/BMI2 addition to v3.
unsigned int get_isa_level(const CpuFeatures* f) {
  using namespace cpu;
  unsigned int level = 0;
  if (!(cpu_usable(f, CMOV) && cpu_usable(f, CX8) && cpu_has(f, FPU) && cpu_usable(f, FXSR) &&
        cpu_usable(f, MMX) && cpu_usable(f, SSE) && cpu_usable(f, SSE2)))
    return level;
  level = kIsa1Baseline;
  if (!(cpu_usable(f, CMPXCHG16B) && cpu_usable(f, LAHF64_SAHF64) && cpu_usable(f, POPCNT) &&
        cpu_usable(f, SSE3) && cpu_usable(f, SSSE3) && cpu_usable(f, SSE4_1) && cpu_usable(f, SSE4_2)))
    return level;
  level |= kIsa1V2;
  if (!(cpu_usable(f, AVX) && cpu_usable(f, AVX2) && cpu_usable(f, BMI1) && cpu_usable(f, BMI2) &&
        cpu_usable(f, F16C) && cpu_usable(f, FMA) && cpu_usable(f, LZCNT) && cpu_usable(f, MOVBE)))
    return level;
  level |= kIsa1V3;
  if (cpu_usable(f, AVX512F) && cpu_usable(f, AVX512BW) && cpu_usable(f, AVX512CD) &&
      cpu_usable(f, AVX512DQ) && cpu_usable(f, AVX512VL))
    level |= kIsa1V4;
  return level;
}

void compute_cpu_features(CpuFeatures* out, const CpuTunables& tunables, CpuidCache& cpuid) {
  zero(out);  // glibc's struct is zero-initialized static storage
  unsigned int before = cpuid.executed_count();

  CpuidRegisters leaf0 = cpuid.query(0);
  out->basic.max_cpuid = static_cast<int>(leaf0.eax);
  const uint32_t ebx = leaf0.ebx, ecx = leaf0.ecx, edx = leaf0.edx;
  unsigned int kind;
  Signature s;
  if (ebx == 0x756e6547 && ecx == 0x6c65746e && edx == 0x49656e69) {  // "GenuineIntel"
    kind = arch_kind_intel;
    s = get_common_indices(out, true, tunables, cpuid);
    get_extended_indices(out, cpuid);
    update_active(out, cpuid);
    init_intel(out, s.family, s.model, s.stepping, s.extended_model);
  } else if ((ebx == 0x68747541 && ecx == 0x444d4163 && edx == 0x69746e65) ||    // "AuthenticAMD"
             (ebx == 0x6f677948 && ecx == 0x656e6975 && edx == 0x6e65476e)) {  // "HygonGenuine"
    kind = arch_kind_amd;
    s = get_common_indices(out, true, tunables, cpuid);
    get_extended_indices(out, cpuid);
    update_active(out, cpuid);
    init_amd(out, s.family, s.model);
  } else if ((ebx == 0x746e6543 && ecx == 0x736c7561 && edx == 0x48727561) ||    // "CentaurHauls"
             (ebx == 0x68532020 && ecx == 0x20206961 && edx == 0x68676e61)) {  // "  Shanghai  "
    kind = arch_kind_zhaoxin;
    s = get_common_indices(out, true, tunables, cpuid);
    get_extended_indices(out, cpuid);
    update_active(out, cpuid);
    init_zhaoxin(out, s.family, s.model, s.extended_model);
    // glibc's Zhaoxin branch declares its own `stepping`, so the stored
    // basic.stepping stays 0.
    s.stepping = 0;
  } else {
    kind = arch_kind_other;
    get_common_indices(out, false, tunables, cpuid);
    update_active(out, cpuid);
  }

  if (cpu_has(out, cpu::CX8)) out->preferred[0] |= arch::I586;
  if (cpu_has(out, cpu::CMOV)) out->preferred[0] |= arch::I686;

  out->basic.kind = kind;
  out->basic.family = s.family;
  out->basic.model = s.model;
  out->basic.stepping = s.stepping;

  init_cacheinfo(out, tunables, cpuid);
  finish_cpu_features(out, tunables);
  out->cpuid_count = cpuid.executed_count() - before;
}

void compute_cpu_features(CpuFeatures* out, const CpuTunables& tunables) {
  CpuidCache cpuid;
  compute_cpu_features(out, tunables, cpuid);
}

// sysdeps/x86_64/dl-hwcaps-subdirs.c with _dl_hwcaps_subdirs_build_bitmask.
uint32_t hwcaps_subdirs_active(const CpuFeatures& f) {
  unsigned int level = get_isa_level(&f);
  int active = 0;
  static constexpr unsigned int kLevels[] = {kIsa1V2, kIsa1V3, kIsa1V4};
  for (unsigned int bit : kLevels) {
    if ((level & bit) == 0) break;
    ++active;
  }
  constexpr int kSubdirs = 3;
  return ((1u << kSubdirs) - 1) ^ ((1u << (kSubdirs - active)) - 1);
}

}  // namespace ldr::glibc
