// SPDX-License-Identifier: MIT
// glibc 2.36 (Debian 2.36-9+deb12u14) x86 cpu_features as its ld.so computes
// it: init_cpu_features, update_active, get_isa_level, dl_init_cacheinfo and
// the glibc.cpu.hwcaps mask, ported from sysdeps/x86/. Pure computation into
// ldr's own struct; copying it into glibc's layout is the caller's job.
#pragma once

#include <cstddef>
#include <cstdint>

#include "glibc/cpuid.h"

namespace ldr::glibc {

// enum cpuid_index (<bits/platform/x86.h>): the order of features[].
enum CpuidIndex : unsigned int {
  CPUID_INDEX_1 = 0,
  CPUID_INDEX_7,
  CPUID_INDEX_80000001,
  CPUID_INDEX_D_ECX_1,
  CPUID_INDEX_80000007,
  CPUID_INDEX_80000008,
  CPUID_INDEX_7_ECX_1,
  CPUID_INDEX_19,
  CPUID_INDEX_14_ECX_0,
  CPUID_INDEX_MAX
};

// enum cpu_features_kind.
enum CpuFeaturesKind : unsigned int {
  arch_kind_unknown = 0,
  arch_kind_intel,
  arch_kind_amd,
  arch_kind_zhaoxin,
  arch_kind_other
};

inline constexpr unsigned int PREFERRED_FEATURE_INDEX_MAX = 1;

// struct cpu_features_basic.
struct CpuFeaturesBasic {
  unsigned int kind;  // CpuFeaturesKind
  int max_cpuid;
  unsigned int family;
  unsigned int model;
  unsigned int stepping;
};

// struct cpuid_feature_internal: raw CPUID words and the usable subset.
struct CpuidFeatureInternal {
  CpuidRegisters cpuid;
  CpuidRegisters active;
};

// The result. Fields up to level4_cache_size are glibc's struct cpu_features
// (same names, types and order, hence the same 480-byte natural layout); the
// fields after it are other values init_cpu_features produces.
struct CpuFeatures {
  CpuFeaturesBasic basic;
  CpuidFeatureInternal features[CPUID_INDEX_MAX];
  unsigned int preferred[PREFERRED_FEATURE_INDEX_MAX];
  unsigned int isa_1;
  unsigned long xsave_state_size;
  unsigned int xsave_state_full_size;
  unsigned long data_cache_size;
  unsigned long shared_cache_size;
  unsigned long non_temporal_threshold;
  unsigned long rep_movsb_threshold;
  unsigned long rep_movsb_stop_threshold;
  unsigned long rep_stosb_threshold;
  unsigned long level1_icache_size;
  unsigned long level1_icache_linesize;
  unsigned long level1_dcache_size;
  unsigned long level1_dcache_assoc;
  unsigned long level1_dcache_linesize;
  unsigned long level2_cache_size;
  unsigned long level2_cache_assoc;
  unsigned long level2_cache_linesize;
  unsigned long level3_cache_size;
  unsigned long level3_cache_assoc;
  unsigned long level3_cache_linesize;
  unsigned long level4_cache_size;

  // --- Not in glibc's struct cpu_features. ---
  // GLRO(dl_hwcap) after init_cpu_features (HWCAP_X86_64 [| HWCAP_X86_AVX512_1]).
  uint64_t dl_hwcap;
  // GLRO(dl_platform) if init_cpu_features replaces it ("haswell",
  // "xeon_phi"); nullptr keeps AT_PLATFORM. Points to a string literal.
  const char* dl_platform;
  // GLRO(dl_minsigstacksize): AT_MINSIGSTKSZ, else emulated from CPUID 0xd.
  uint64_t dl_minsigstacksize;
  // GL(dl_x86_feature_1): always 0, Debian builds 2.36 without --enable-cet
  // (no get_cet_status, glibc.cpu.x86_ibt/x86_shstk are not read).
  unsigned int dl_x86_feature_1;
  // The five TUNABLE_SET_WITH_BOUNDS calls of dl_init_cacheinfo, to apply to
  // the tunable table as __tunable_set_val does (value, then min/max).
  struct TunableSet {
    uint64_t value, min, max;
  };
  TunableSet x86_data_cache_size;
  TunableSet x86_shared_cache_size;
  TunableSet x86_non_temporal_threshold;
  TunableSet x86_rep_movsb_threshold;
  TunableSet x86_rep_stosb_threshold;
  // CPUID instructions executed by this computation.
  unsigned int cpuid_count;
};

static_assert(offsetof(CpuFeatures, features) == 20);
static_assert(offsetof(CpuFeatures, preferred) == 308);
static_assert(offsetof(CpuFeatures, xsave_state_size) == 320);
static_assert(offsetof(CpuFeatures, data_cache_size) == 336);
static_assert(offsetof(CpuFeatures, level4_cache_size) + sizeof(unsigned long) == 480);

// The glibc.cpu.* tunables init_cpu_features and dl_init_cacheinfo read, as
// __tunable_get_val returns them: after GLIBC_TUNABLES parsing with the
// static bounds of dl-tunables.list, so a rejected user value leaves the
// default. A value-initialized CpuTunables{} is "nothing set".
struct CpuTunables {
  const char* hwcaps = nullptr;             // glibc.cpu.hwcaps; nullptr: not set
  uint64_t x86_data_cache_size = 0;         // 0: use CPUID
  uint64_t x86_shared_cache_size = 0;       // 0: use CPUID
  uint64_t x86_non_temporal_threshold = 0;  // used only inside (0x4040, SIZE_MAX >> 4]
  uint64_t x86_rep_movsb_threshold = 0;     // used only above the vector-size minimum
  uint64_t x86_rep_stosb_threshold = 2048;  // default of dl-tunables.list
  // Not a tunable: AT_MINSIGSTKSZ from auxv, 0 if absent (glibc then
  // emulates it from CPUID leaf 0xd).
  uint64_t at_minsigstksz = 0;
};

// Fills *out from scratch (every field written), executing each CPUID leaf
// at most once. Safe to call after self-relocation; no syscalls.
void compute_cpu_features(CpuFeatures* out, const CpuTunables& tunables);

// The same, reading CPUID through `cpuid` (tests replay recorded machines).
void compute_cpu_features(CpuFeatures* out, const CpuTunables& tunables, CpuidCache& cpuid);

// TUNABLE_CALLBACK (set_hwcaps), cpu-tunables.c: applies "-AVX2,-ERMS,
// Prefer_No_VZEROUPPER,..." to `f`. Stops at the terminating NUL (glibc's loop
// reads on past it into whatever follows the value; see cpu_tunables.cc).
void apply_hwcaps_mask(CpuFeatures* f, const char* mask);

// Steps of compute_cpu_features, in other files; not for other callers.
// Vendor heuristics after update_active (cpu_vendor.cc); `model` is updated
// the way glibc's local variable is (extended model added).
void init_intel(CpuFeatures* f, unsigned int family, unsigned int& model, unsigned int stepping,
                unsigned int extended_model);
void init_amd(CpuFeatures* f, unsigned int family, unsigned int model);
void init_zhaoxin(CpuFeatures* f, unsigned int family, unsigned int& model,
                  unsigned int extended_model);
// dl_init_cacheinfo (cacheinfo.cc): needs basic, features and preferred set.
void init_cacheinfo(CpuFeatures* f, const CpuTunables& tunables, CpuidCache& cpuid);
// The tail of init_cpu_features (cpu_vendor.cc): the hwcaps tunable, the
// XSAVE-dependent clean-up, dl_hwcap and dl_platform.
void finish_cpu_features(CpuFeatures* f, const CpuTunables& tunables);

// --- Feature bits (sysdeps/x86/include/cpu-features.h) ---

// One bit of features[index].{cpuid,active}.<reg>.
struct CpuFeatureBit {
  unsigned int index;  // CpuidIndex
  unsigned int reg;    // 0 eax, 1 ebx, 2 ecx, 3 edx
  unsigned int bit;
};

inline unsigned int& cpuid_word(CpuidRegisters& r, unsigned int reg) {
  return reg == 0 ? r.eax : reg == 1 ? r.ebx : reg == 2 ? r.ecx : r.edx;
}
inline unsigned int cpuid_word(const CpuidRegisters& r, unsigned int reg) {
  return reg == 0 ? r.eax : reg == 1 ? r.ebx : reg == 2 ? r.ecx : r.edx;
}

// CPU_FEATURE_CPU_P / CPU_FEATURE_USABLE_P.
inline bool cpu_has(const CpuFeatures* f, CpuFeatureBit b) {
  return (cpuid_word(f->features[b.index].cpuid, b.reg) >> b.bit & 1) != 0;
}
inline bool cpu_usable(const CpuFeatures* f, CpuFeatureBit b) {
  return (cpuid_word(f->features[b.index].active, b.reg) >> b.bit & 1) != 0;
}

// CPU_FEATURE_SET, CPU_FEATURE_UNSET and CPU_FEATURE_SET_ACTIVE (copy the
// CPUID bit into active).
inline void feature_set(CpuFeatures* f, CpuFeatureBit b) {
  cpuid_word(f->features[b.index].active, b.reg) |= 1u << b.bit;
}
inline void feature_unset(CpuFeatures* f, CpuFeatureBit b) {
  cpuid_word(f->features[b.index].active, b.reg) &= ~(1u << b.bit);
}
inline void feature_set_active(CpuFeatures* f, CpuFeatureBit b) {
  cpuid_word(f->features[b.index].active, b.reg) |=
      cpuid_word(f->features[b.index].cpuid, b.reg) & (1u << b.bit);
}

// The bits glibc's computation names.
namespace cpu {
inline constexpr CpuFeatureBit SSE3{CPUID_INDEX_1, 2, 0}, PCLMULQDQ{CPUID_INDEX_1, 2, 1},
    SSSE3{CPUID_INDEX_1, 2, 9}, FMA{CPUID_INDEX_1, 2, 12}, CMPXCHG16B{CPUID_INDEX_1, 2, 13},
    SSE4_1{CPUID_INDEX_1, 2, 19}, SSE4_2{CPUID_INDEX_1, 2, 20}, MOVBE{CPUID_INDEX_1, 2, 22},
    POPCNT{CPUID_INDEX_1, 2, 23}, AES{CPUID_INDEX_1, 2, 25}, XSAVE{CPUID_INDEX_1, 2, 26},
    OSXSAVE{CPUID_INDEX_1, 2, 27}, AVX{CPUID_INDEX_1, 2, 28}, F16C{CPUID_INDEX_1, 2, 29},
    RDRAND{CPUID_INDEX_1, 2, 30};
inline constexpr CpuFeatureBit FPU{CPUID_INDEX_1, 3, 0}, TSC{CPUID_INDEX_1, 3, 4},
    CX8{CPUID_INDEX_1, 3, 8}, CMOV{CPUID_INDEX_1, 3, 15}, CLFSH{CPUID_INDEX_1, 3, 19},
    MMX{CPUID_INDEX_1, 3, 23}, FXSR{CPUID_INDEX_1, 3, 24}, SSE{CPUID_INDEX_1, 3, 25},
    SSE2{CPUID_INDEX_1, 3, 26}, HTT{CPUID_INDEX_1, 3, 28};
inline constexpr CpuFeatureBit BMI1{CPUID_INDEX_7, 1, 3}, HLE{CPUID_INDEX_7, 1, 4},
    AVX2{CPUID_INDEX_7, 1, 5}, BMI2{CPUID_INDEX_7, 1, 8}, ERMS{CPUID_INDEX_7, 1, 9},
    RTM{CPUID_INDEX_7, 1, 11}, AVX512F{CPUID_INDEX_7, 1, 16}, AVX512DQ{CPUID_INDEX_7, 1, 17},
    RDSEED{CPUID_INDEX_7, 1, 18}, ADX{CPUID_INDEX_7, 1, 19}, AVX512_IFMA{CPUID_INDEX_7, 1, 21},
    CLFLUSHOPT{CPUID_INDEX_7, 1, 23}, CLWB{CPUID_INDEX_7, 1, 24}, AVX512PF{CPUID_INDEX_7, 1, 26},
    AVX512ER{CPUID_INDEX_7, 1, 27}, AVX512CD{CPUID_INDEX_7, 1, 28}, SHA{CPUID_INDEX_7, 1, 29},
    AVX512BW{CPUID_INDEX_7, 1, 30}, AVX512VL{CPUID_INDEX_7, 1, 31};
inline constexpr CpuFeatureBit PREFETCHWT1{CPUID_INDEX_7, 2, 0}, AVX512_VBMI{CPUID_INDEX_7, 2, 1},
    PKU{CPUID_INDEX_7, 2, 3}, OSPKE{CPUID_INDEX_7, 2, 4}, WAITPKG{CPUID_INDEX_7, 2, 5},
    AVX512_VBMI2{CPUID_INDEX_7, 2, 6}, SHSTK{CPUID_INDEX_7, 2, 7}, GFNI{CPUID_INDEX_7, 2, 8},
    VAES{CPUID_INDEX_7, 2, 9}, VPCLMULQDQ{CPUID_INDEX_7, 2, 10}, AVX512_VNNI{CPUID_INDEX_7, 2, 11},
    AVX512_BITALG{CPUID_INDEX_7, 2, 12}, AVX512_VPOPCNTDQ{CPUID_INDEX_7, 2, 14},
    RDPID{CPUID_INDEX_7, 2, 22}, KL{CPUID_INDEX_7, 2, 23}, CLDEMOTE{CPUID_INDEX_7, 2, 25},
    MOVDIRI{CPUID_INDEX_7, 2, 27}, MOVDIR64B{CPUID_INDEX_7, 2, 28};
inline constexpr CpuFeatureBit AVX512_4VNNIW{CPUID_INDEX_7, 3, 2}, AVX512_4FMAPS{CPUID_INDEX_7, 3, 3},
    FSRM{CPUID_INDEX_7, 3, 4}, AVX512_VP2INTERSECT{CPUID_INDEX_7, 3, 8},
    RTM_ALWAYS_ABORT{CPUID_INDEX_7, 3, 11}, SERIALIZE{CPUID_INDEX_7, 3, 14},
    TSXLDTRK{CPUID_INDEX_7, 3, 16}, IBT{CPUID_INDEX_7, 3, 20}, AMX_BF16{CPUID_INDEX_7, 3, 22},
    AVX512_FP16{CPUID_INDEX_7, 3, 23}, AMX_TILE{CPUID_INDEX_7, 3, 24}, AMX_INT8{CPUID_INDEX_7, 3, 25};
inline constexpr CpuFeatureBit LAHF64_SAHF64{CPUID_INDEX_80000001, 2, 0},
    LZCNT{CPUID_INDEX_80000001, 2, 5}, SSE4A{CPUID_INDEX_80000001, 2, 6},
    PREFETCHW{CPUID_INDEX_80000001, 2, 8}, XOP{CPUID_INDEX_80000001, 2, 11},
    FMA4{CPUID_INDEX_80000001, 2, 16}, TBM{CPUID_INDEX_80000001, 2, 21},
    RDTSCP{CPUID_INDEX_80000001, 3, 27};
inline constexpr CpuFeatureBit XSAVEOPT{CPUID_INDEX_D_ECX_1, 0, 0}, XSAVEC{CPUID_INDEX_D_ECX_1, 0, 1},
    XGETBV_ECX_1{CPUID_INDEX_D_ECX_1, 0, 2}, XFD{CPUID_INDEX_D_ECX_1, 0, 4};
inline constexpr CpuFeatureBit WBNOINVD{CPUID_INDEX_80000008, 1, 9};
inline constexpr CpuFeatureBit AVX_VNNI{CPUID_INDEX_7_ECX_1, 0, 4}, AVX512_BF16{CPUID_INDEX_7_ECX_1, 0, 5},
    FZLRM{CPUID_INDEX_7_ECX_1, 0, 10}, FSRS{CPUID_INDEX_7_ECX_1, 0, 11},
    FSRCS{CPUID_INDEX_7_ECX_1, 0, 12};
inline constexpr CpuFeatureBit AESKLE{CPUID_INDEX_19, 1, 0}, WIDE_KL{CPUID_INDEX_19, 1, 2};
inline constexpr CpuFeatureBit PTWRITE{CPUID_INDEX_14_ECX_0, 1, 4};
}  // namespace cpu

// preferred[0] bits, in cpu-features-preferred_feature_index_1.def order.
namespace arch {
enum : unsigned int {
  Fast_Rep_String = 1u << 0,
  Fast_Copy_Backward = 1u << 1,
  Slow_BSF = 1u << 2,
  Fast_Unaligned_Load = 1u << 3,
  Prefer_PMINUB_for_stringop = 1u << 4,
  Fast_Unaligned_Copy = 1u << 5,
  I586 = 1u << 6,
  I686 = 1u << 7,
  Slow_SSE4_2 = 1u << 8,
  AVX_Fast_Unaligned_Load = 1u << 9,
  Prefer_No_VZEROUPPER = 1u << 10,
  Prefer_ERMS = 1u << 11,
  Prefer_No_AVX512 = 1u << 12,
  MathVec_Prefer_No_AVX512 = 1u << 13,
  Prefer_FSRM = 1u << 14,
  Avoid_Short_Distance_REP_MOVSB = 1u << 15,
};
inline constexpr unsigned int kPreferredBitCount = 16;
}  // namespace arch

// isa_1 bits: <elf.h>'s GNU_PROPERTY_X86_ISA_1_{BASELINE,V2,V3,V4} (renamed:
// hosted users include <elf.h>, whose macros would clash).
inline constexpr unsigned int kIsa1Baseline = 1u << 0;
inline constexpr unsigned int kIsa1V2 = 1u << 1;
inline constexpr unsigned int kIsa1V3 = 1u << 2;
inline constexpr unsigned int kIsa1V4 = 1u << 3;
// get-isa-level.h on f as it is now (isa_1 is its value before the
// glibc.cpu.hwcaps mask; glibc-hwcaps subdirectories use the current one).
unsigned int get_isa_level(const CpuFeatures* f);

// _dl_hwcaps_subdirs_active: of "x86-64-v4:x86-64-v3:x86-64-v2" (bit 0 the
// first), the levels f runs (v2 alone: 0x4, v2 and v3: 0x6).
uint32_t hwcaps_subdirs_active(const CpuFeatures& f);

// The constant strings of sysdeps/x86/dl-procinfo.c: GLRO(dl_x86_hwcap_flags)
// and GLRO(dl_x86_platforms), in glibc's layout.
inline constexpr char kX86HwcapFlags[3][9] = {"sse2", "x86_64", "avx512_1"};
inline constexpr char kX86Platforms[4][9] = {"i586", "i686", "haswell", "xeon_phi"};

// dl_hwcap bits (sysdeps/x86/dl-hwcap.h).
inline constexpr uint64_t HWCAP_X86_64 = 1u << 1;
inline constexpr uint64_t HWCAP_X86_AVX512_1 = 1u << 2;

}  // namespace ldr::glibc
