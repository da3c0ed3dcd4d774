// SPDX-License-Identifier: MIT
// The x86.cpu_features lines of ld.so --list-diagnostics (cpu_diagnostics.h),
// glibc 2.36 sysdeps/x86/dl-diagnostics-cpu.c. Pure: formats into a Writer.
#include "glibc/cpu_diagnostics.h"

#include "base/fmt.h"
#include "glibc/cpu_features.h"

namespace ldr::glibc {

void write_cpu_diagnostics(base::Writer& w, const CpuFeatures& f) {
  auto value = [&w](const char* label, uint64_t v) { w.str("x86.cpu_features.").str(label).str("=0x").hex(v).nl(); };
  value("basic.kind", f.basic.kind);
  value("basic.max_cpuid", static_cast<uint64_t>(static_cast<int64_t>(f.basic.max_cpuid)));
  value("basic.family", f.basic.family);
  value("basic.model", f.basic.model);
  value("basic.stepping", f.basic.stepping);
  for (unsigned int i = 0; i < CPUID_INDEX_MAX; ++i) {
    for (unsigned int r = 0; r < 4; ++r)
      w.str("x86.cpu_features.features[0x").hex(i).str("].cpuid[0x").hex(r).str("]=0x")
          .hex(cpuid_word(f.features[i].cpuid, r)).nl();
    for (unsigned int r = 0; r < 4; ++r)
      w.str("x86.cpu_features.features[0x").hex(i).str("].active[0x").hex(r).str("]=0x")
          .hex(cpuid_word(f.features[i].active, r)).nl();
  }
  // cpu-features-preferred_feature_index_1.def, in its order.
  static constexpr const char* kPreferred[] = {
      "Fast_Rep_String", "Fast_Copy_Backward", "Slow_BSF", "Fast_Unaligned_Load", "Prefer_PMINUB_for_stringop",
      "Fast_Unaligned_Copy", "I586", "I686", "Slow_SSE4_2", "AVX_Fast_Unaligned_Load", "Prefer_No_VZEROUPPER",
      "Prefer_ERMS", "Prefer_No_AVX512", "MathVec_Prefer_No_AVX512", "Prefer_FSRM",
      "Avoid_Short_Distance_REP_MOVSB"};
  static_assert(sizeof kPreferred / sizeof kPreferred[0] == arch::kPreferredBitCount);
  for (unsigned int b = 0; b < arch::kPreferredBitCount; ++b)
    w.str("x86.cpu_features.preferred.").str(kPreferred[b]).str("=0x").hex((f.preferred[0] >> b) & 1).nl();
  value("isa_1", f.isa_1);
  value("xsave_state_size", f.xsave_state_size);
  value("xsave_state_full_size", f.xsave_state_full_size);
  value("data_cache_size", f.data_cache_size);
  value("shared_cache_size", f.shared_cache_size);
  value("non_temporal_threshold", f.non_temporal_threshold);
  value("rep_movsb_threshold", f.rep_movsb_threshold);
  value("rep_movsb_stop_threshold", f.rep_movsb_stop_threshold);
  value("rep_stosb_threshold", f.rep_stosb_threshold);
  value("level1_icache_size", f.level1_icache_size);
  value("level1_icache_linesize", f.level1_icache_linesize);
  value("level1_dcache_size", f.level1_dcache_size);
  value("level1_dcache_assoc", f.level1_dcache_assoc);
  value("level1_dcache_linesize", f.level1_dcache_linesize);
  value("level2_cache_size", f.level2_cache_size);
  value("level2_cache_assoc", f.level2_cache_assoc);
  value("level2_cache_linesize", f.level2_cache_linesize);
  value("level3_cache_size", f.level3_cache_size);
  value("level3_cache_assoc", f.level3_cache_assoc);
  value("level3_cache_linesize", f.level3_cache_linesize);
  value("level4_cache_size", f.level4_cache_size);
}

}  // namespace ldr::glibc
