// SPDX-License-Identifier: MIT
// dl_init_cacheinfo of glibc 2.36 sysdeps/x86/dl-cacheinfo.h as Debian
// patched it (leaf-2 handling, per-thread L3 share, non-temporal threshold
// 1/4 of L3 with bounds): cache sizes, memcpy/memset thresholds and the
// tunable bounds. Signed/unsigned arithmetic follows glibc's `long`s exactly.
#include "glibc/cpu_features.h"

#include <initializer_list>

namespace ldr::glibc {

namespace {

// sysconf names relative to _SC_LEVEL1_ICACHE_SIZE (glibc's M(sc)): each
// level is SIZE, ASSOC, LINESIZE.
enum CacheName : int {
  kL1iSize = 0, kL1iAssoc, kL1iLinesize,
  kL1dSize, kL1dAssoc, kL1dLinesize,
  kL2Size, kL2Assoc, kL2Linesize,
  kL3Size, kL3Assoc, kL3Linesize,
  kL4Size,
};

// Leaf 4 and leaf 0xb walks end on a null entry; a broken hypervisor could
// never send one (glibc would spin), so stop after this many subleaves.
constexpr unsigned int kMaxSubleaves = 256;

// intel_02_known: CPUID leaf 2 descriptor bytes, sorted by descriptor.
struct Intel02 {
  uint8_t idx, assoc, linesize, rel_name;
  uint32_t size;
};
constexpr Intel02 kIntel02[] = {
    {0x06, 4, 32, kL1iSize, 8192},      {0x08, 4, 32, kL1iSize, 16384},
    {0x09, 4, 32, kL1iSize, 32768},     {0x0a, 2, 32, kL1dSize, 8192},
    {0x0c, 4, 32, kL1dSize, 16384},     {0x0d, 4, 64, kL1dSize, 16384},
    {0x0e, 6, 64, kL1dSize, 24576},     {0x21, 8, 64, kL2Size, 262144},
    {0x22, 4, 64, kL3Size, 524288},     {0x23, 8, 64, kL3Size, 1048576},
    {0x25, 8, 64, kL3Size, 2097152},    {0x29, 8, 64, kL3Size, 4194304},
    {0x2c, 8, 64, kL1dSize, 32768},     {0x30, 8, 64, kL1iSize, 32768},
    {0x39, 4, 64, kL2Size, 131072},     {0x3a, 6, 64, kL2Size, 196608},
    {0x3b, 2, 64, kL2Size, 131072},     {0x3c, 4, 64, kL2Size, 262144},
    {0x3d, 6, 64, kL2Size, 393216},     {0x3e, 4, 64, kL2Size, 524288},
    {0x3f, 2, 64, kL2Size, 262144},     {0x41, 4, 32, kL2Size, 131072},
    {0x42, 4, 32, kL2Size, 262144},     {0x43, 4, 32, kL2Size, 524288},
    {0x44, 4, 32, kL2Size, 1048576},    {0x45, 4, 32, kL2Size, 2097152},
    {0x46, 4, 64, kL3Size, 4194304},    {0x47, 8, 64, kL3Size, 8388608},
    {0x48, 12, 64, kL2Size, 3145728},   {0x49, 16, 64, kL2Size, 4194304},
    {0x4a, 12, 64, kL3Size, 6291456},   {0x4b, 16, 64, kL3Size, 8388608},
    {0x4c, 12, 64, kL3Size, 12582912},  {0x4d, 16, 64, kL3Size, 16777216},
    {0x4e, 24, 64, kL2Size, 6291456},   {0x60, 8, 64, kL1dSize, 16384},
    {0x66, 4, 64, kL1dSize, 8192},      {0x67, 4, 64, kL1dSize, 16384},
    {0x68, 4, 64, kL1dSize, 32768},     {0x78, 8, 64, kL2Size, 1048576},
    {0x79, 8, 64, kL2Size, 131072},     {0x7a, 8, 64, kL2Size, 262144},
    {0x7b, 8, 64, kL2Size, 524288},     {0x7c, 8, 64, kL2Size, 1048576},
    {0x7d, 8, 64, kL2Size, 2097152},    {0x7f, 2, 64, kL2Size, 524288},
    {0x80, 8, 64, kL2Size, 524288},     {0x82, 8, 32, kL2Size, 262144},
    {0x83, 8, 32, kL2Size, 524288},     {0x84, 8, 32, kL2Size, 1048576},
    {0x85, 8, 32, kL2Size, 2097152},    {0x86, 4, 64, kL2Size, 524288},
    {0x87, 8, 64, kL2Size, 1048576},    {0xd0, 4, 64, kL3Size, 524288},
    {0xd1, 4, 64, kL3Size, 1048576},    {0xd2, 4, 64, kL3Size, 2097152},
    {0xd6, 8, 64, kL3Size, 1048576},    {0xd7, 8, 64, kL3Size, 2097152},
    {0xd8, 8, 64, kL3Size, 4194304},    {0xdc, 12, 64, kL3Size, 2097152},
    {0xdd, 12, 64, kL3Size, 4194304},   {0xde, 12, 64, kL3Size, 8388608},
    {0xe2, 16, 64, kL3Size, 2097152},   {0xe3, 16, 64, kL3Size, 4194304},
    {0xe4, 16, 64, kL3Size, 8388608},   {0xea, 24, 64, kL3Size, 12582912},
    {0xeb, 24, 64, kL3Size, 18874368},  {0xec, 24, 64, kL3Size, 25165824},
};

// Descriptor byte -> 1 + its kIntel02 index (0: unknown), built at compile
// time. glibc bsearches; a linear scan of 68 entries per descriptor byte
// cost ~15 000 instructions per start on Intel (24 handle_intel calls).
struct Intel02Index {
  uint8_t slot[256];
};
constexpr Intel02Index make_intel02_index() {
  Intel02Index ix{};
  for (unsigned int i = 0; i < sizeof kIntel02 / sizeof kIntel02[0]; ++i)
    ix.slot[kIntel02[i].idx] = static_cast<uint8_t>(i + 1);
  return ix;
}
constexpr Intel02Index kIntel02Index = make_intel02_index();

const Intel02* find_intel02(unsigned int byte) {
  uint8_t s = kIntel02Index.slot[byte & 0xff];
  return s != 0 ? &kIntel02[s - 1] : nullptr;
}

// Size, associativity or line size of a CPUID leaf 4 entry.
long leaf4_value(int offset, const CpuidRegisters& r) {
  if (offset == 0)
    return static_cast<long>(((r.ebx >> 22) + 1) * (((r.ebx >> 12) & 0x3ff) + 1) *
                             ((r.ebx & 0xfff) + 1) * (r.ecx + 1));
  if (offset == 1) return (r.ebx >> 22) + 1;
  return (r.ebx & 0xfff) + 1;
}

// Walks leaf 4 for `name`; `with_l4` is false for Zhaoxin (no level 4 case).
// Returns `none` if the list ends without the level.
long leaf4_lookup(int name, bool with_l4, long none, CpuidCache& cpuid) {
  int folded = name / 3 * 3;
  for (unsigned int round = 0; round < kMaxSubleaves; ++round) {
    CpuidRegisters r = cpuid.query(4, round);
    unsigned int type = r.eax & 0x1f;  // 0 null, 1 data, 2 instruction, 3 unified
    if (type == 0) break;
    unsigned int level = (r.eax >> 5) & 0x7;
    if ((level == 1 && type == 1 && folded == kL1dSize) ||
        (level == 1 && type == 2 && folded == kL1iSize) || (level == 2 && folded == kL2Size) ||
        (level == 3 && folded == kL3Size) || (with_l4 && level == 4 && folded == kL4Size))
      return leaf4_value(name - folded, r);
  }
  return none;
}

// intel_check_word: one register of leaf 2 (descriptor bytes).
long intel_check_word(const CpuFeatures* f, int name, uint32_t value, bool* no_level_2_or_3,
                      CpuidCache& cpuid) {
  if ((value & 0x80000000) != 0) return 0;  // reserved
  int folded = name / 3 * 3;
  for (; value != 0; value >>= 8) {
    unsigned int byte = value & 0xff;
    if (byte == 0x40) {
      *no_level_2_or_3 = true;
      if (folded == kL3Size) break;
      continue;
    }
    if (byte == 0xff)  // leaf 4 holds everything (Debian: -1 if absent)
      return leaf4_lookup(name, true, -1, cpuid);
    if (byte == 0x49 && folded == kL3Size && f->basic.family == 15 && f->basic.model == 6) {
      // Reused descriptor: the L3 of family 15 model 6, coded like an L2.
      name = kL2Size + (name - kL3Size);
      folded = kL2Size;
    }
    const Intel02* e = find_intel02(byte);
    if (e != nullptr && e->rel_name == folded) {
      int offset = name - folded;
      return offset == 0 ? static_cast<long>(e->size) : offset == 1 ? e->assoc : e->linesize;
    }
  }
  return 0;
}

long handle_intel(const CpuFeatures* f, int name, CpuidCache& cpuid) {
  if (f->basic.max_cpuid < 2) return -1;
  bool no_level_2_or_3 = false;
  CpuidRegisters r = cpuid.query(2);
  // The low byte of EAX should be 1; otherwise use leaf 4 (Debian backport).
  if ((r.eax & 0xff) != 1) return intel_check_word(f, name, 0xff, &no_level_2_or_3, cpuid);
  for (uint32_t word : {r.eax & 0xffffff00, r.ebx, r.ecx, r.edx}) {
    long result = intel_check_word(f, name, word, &no_level_2_or_3, cpuid);
    if (result != 0) return result;
  }
  if (name >= kL2Size && name <= kL3Linesize && no_level_2_or_3) return -1;
  return 0;
}

// AMD associativity code of leaves 0x80000006 (L2 in ECX, L3 in EDX).
long amd_assoc(uint32_t reg, uint32_t size) {
  switch ((reg >> 12) & 0xf) {
    case 0: case 1: case 2: case 4: return (reg >> 12) & 0xf;
    case 6: return 8;
    case 8: return 16;
    case 10: return 32;
    case 11: return 48;
    case 12: return 64;
    case 13: return 96;
    case 14: return 128;
    // Fully associative: size / line size (glibc divides by zero on a zero line size).
    case 15: return (reg & 0xff) != 0 ? size / (reg & 0xff) : 0;
    default: return 0;
  }
}

long handle_amd(int name, CpuidCache& cpuid) {
  uint32_t max_ext = cpuid.query(0x80000000).eax;
  if (name > kL3Linesize) return 0;  // no level 4 cache
  uint32_t fn = 0x80000005 + (name >= kL2Size ? 1 : 0);
  if (max_ext < fn) return 0;
  CpuidRegisters r = cpuid.query(fn);
  uint32_t ecx = r.ecx, edx = r.edx;
  if (name < kL1dSize) {  // L1 instruction cache: EDX, coded like the L1d in ECX
    name += kL1dSize - kL1iSize;
    ecx = edx;
  }
  switch (name) {
    case kL1dSize: return (ecx >> 14) & 0x3fc00;
    case kL1dAssoc:
      ecx >>= 16;
      if ((ecx & 0xff) == 0xff) return (ecx << 2) & 0x3fc00;  // fully associative
      return ecx & 0xff;
    case kL1dLinesize: return ecx & 0xff;
    case kL2Size: return (ecx & 0xf000) == 0 ? 0 : (ecx >> 6) & 0x3fffc00;
    case kL2Assoc: return amd_assoc(ecx, (ecx >> 6) & 0x3fffc00);
    case kL2Linesize: return (ecx & 0xf000) == 0 ? 0 : ecx & 0xff;
    case kL3Size: return (edx & 0xf000) == 0 ? 0 : (edx & 0x3ffc0000) << 1;
    case kL3Assoc: return amd_assoc(edx, (edx & 0x3ffc0000) << 1);
    case kL3Linesize: return (edx & 0xf000) == 0 ? 0 : edx & 0xff;
    default: return -1;
  }
}

long handle_zhaoxin(int name, CpuidCache& cpuid) { return leaf4_lookup(name, false, 0, cpuid); }

// bsr-based mask covering the bits of n (n > 0): (2 << bsr(n)) - 1.
int count_mask(int n) { return static_cast<int>((2u << (31 - __builtin_clz(static_cast<unsigned>(n)))) - 1); }

// get_common_cache_info (Intel, Zhaoxin): how many threads share the highest
// cache level, the per-thread share, and non-inclusive L2+L3 accounting.
void get_common_cache_info(const CpuFeatures* f, long* shared_ptr, long* shared_per_thread_ptr,
                           unsigned int* threads_ptr, long core, CpuidCache& cpuid) {
  const int max_cpuid = f->basic.max_cpuid;
  const unsigned int family = f->basic.family, model = f->basic.model;
  const bool intel = f->basic.kind == arch_kind_intel;
  long shared = *shared_ptr, shared_per_thread = *shared_per_thread_ptr;
  unsigned int threads = *threads_ptr;
  bool inclusive_cache = true;
  // Zhaoxin family 6 leaf 0xb counts do not apply.
  bool support_count_mask = !(f->basic.kind == arch_kind_zhaoxin && family == 6);
  unsigned int level = 3;  // try L3 first
  int threads_l2 = 0, threads_l3 = 0;
  if (shared <= 0) {  // else the L2
    level = 2;
    shared = core;
    shared_per_thread = core;
    threads_l3 = -1;
  }

  // HTT clear: a single logical processor.
  if (cpu_has(f, cpu::HTT)) {
    bool no_cache_info = max_cpuid < 4;
    if (!no_cache_info) {
      // Walk leaf 4 until L2 (and L3 if wanted) are seen. Some Pentium Ds
      // stop early: a null entry on Intel means "no information".
      int check = 0x1 | (threads_l3 == 0) << 1;
      for (unsigned int i = 0; check != 0 && i < kMaxSubleaves; ++i) {
        CpuidRegisters r = cpuid.query(4, i);
        if (intel && (r.eax & 0x1f) == 0) {
          no_cache_info = true;
          break;
        }
        unsigned int cache_level = (r.eax >> 5) & 0x7;
        if (cache_level == 2 && (check & 0x1) != 0) {
          threads_l2 = static_cast<int>((r.eax >> 14) & 0x3ff);
          check &= ~0x1;
        } else if (cache_level == 3 && (check & 0x2) != 0) {
          threads_l3 = static_cast<int>((r.eax >> 14) & 0x3ff);
          inclusive_cache = (r.edx & 0x2) != 0;
          check &= ~0x2;
        }
      }
    }
    if (!no_cache_info) {
      // With leaf 0xb the leaf-4 counts are addressable IDs, not threads:
      // mask them with the SMT / core widths. SMT counts only with an L3.
      if (max_cpuid >= 11 && support_count_mask) {
        int count = (threads_l2 > 0 && level == 3) |
                    ((threads_l3 > 0 || (threads_l2 > 0 && level == 2)) << 1);
        for (unsigned int i = 0; count != 0 && i < kMaxSubleaves; ++i) {
          CpuidRegisters r = cpuid.query(11, i);
          int shipped = static_cast<int>(r.ebx & 0xff);
          unsigned int type = r.ecx & 0xff00;
          if (shipped == 0 || type == 0) break;
          if (type == 0x100 && (count & 0x1) != 0) {
            threads_l2 = (shipped - 1) & count_mask(threads_l2);
            count &= ~0x1;
          } else if (type == 0x200 && (count & 0x2) != 0) {
            int& threads_core = level == 2 ? threads_l2 : threads_l3;
            threads_core = (shipped - 1) & count_mask(threads_core);
            count &= ~0x2;
          }
        }
      }
      if (threads_l2 > 0) threads_l2 += 1;
      if (threads_l3 > 0) threads_l3 += 1;
      if (level == 2) {
        if (threads_l2 != 0) {
          threads = static_cast<unsigned int>(threads_l2);
          // Silvermont's L2 is shared by 2 cores.
          if (intel && threads > 2 && family == 6 &&
              (model == 0x37 || model == 0x4a || model == 0x4d || model == 0x5a || model == 0x5d))
            threads = 2;
        }
      } else if (threads_l3 != 0) {
        threads = static_cast<unsigned int>(threads_l3);
      }
    } else {
      // Assume all logical threads share the highest cache level.
      threads = (f->features[CPUID_INDEX_1].cpuid.ebx >> 16) & 0xff;
    }
    if (shared_per_thread > 0 && threads > 0) shared_per_thread /= static_cast<long>(threads);
  }

  // Non-inclusive L2 and L3.
  if (!inclusive_cache) {
    long core_per_thread = threads_l2 > 0 ? core / threads_l2 : core;
    shared_per_thread += core_per_thread;
    shared += core;
  }
  *shared_ptr = shared;
  *shared_per_thread_ptr = shared_per_thread;
  *threads_ptr = threads;
}

}  // namespace

void init_cacheinfo(CpuFeatures* f, const CpuTunables& tunables, CpuidCache& cpuid) {
  long data = -1, shared = -1, shared_per_thread = -1, core = -1;
  unsigned int threads = 0;
  long level[kL4Size + 1];
  for (long& v : level) v = -1;

  auto fill = [&](auto&& handle) {
    data = handle(kL1dSize);
    core = handle(kL2Size);
    shared = handle(kL3Size);
    shared_per_thread = shared;
    for (int n : {kL1iSize, kL1iLinesize, kL1dAssoc, kL1dLinesize, kL2Assoc, kL2Linesize,
                  kL3Assoc, kL3Linesize})
      level[n] = handle(n);
    level[kL1dSize] = data;
    level[kL2Size] = core;
    level[kL3Size] = shared;
  };

  if (f->basic.kind == arch_kind_intel) {
    fill([&](int n) { return handle_intel(f, n, cpuid); });
    level[kL4Size] = handle_intel(f, kL4Size, cpuid);
    get_common_cache_info(f, &shared, &shared_per_thread, &threads, core, cpuid);
  } else if (f->basic.kind == arch_kind_zhaoxin) {
    fill([&](int n) { return handle_zhaoxin(n, cpuid); });
    get_common_cache_info(f, &shared, &shared_per_thread, &threads, core, cpuid);
  } else if (f->basic.kind == arch_kind_amd) {
    fill([&](int n) { return handle_amd(n, cpuid); });
    uint32_t max_ext = cpuid.query(0x80000000).eax;
    if (shared <= 0) {
      // No shared L3: all we have is the L2.
      shared = core;
      shared_per_thread = core;
    } else {
      // Threads sharing the L3: APIC ID width, else the logical count.
      if (max_ext >= 0x80000008)
        threads = 1u << ((cpuid.query(0x80000008).ecx >> 12) & 0x0f);
      if (threads == 0 || f->basic.family >= 0x17) {
        CpuidRegisters r = cpuid.query(1);
        if ((r.edx & (1u << 28)) != 0) threads = (r.ebx >> 16) & 0xff;
      }
      if (threads > 0) shared_per_thread /= static_cast<long>(threads);
      if (f->basic.family >= 0x17) {
        // Zen: the L3 is per CCX; count the threads sharing it.
        unsigned int threads_per_ccx = ((cpuid.query(0x8000001D, 3).eax >> 14) & 0xfff) + 1;
        shared_per_thread *= static_cast<long>(threads_per_ccx);
      } else {
        // Exclusive L2 and L3.
        shared += core;
        shared_per_thread += core;
      }
    }
  }

  f->level1_icache_size = static_cast<unsigned long>(level[kL1iSize]);
  f->level1_icache_linesize = static_cast<unsigned long>(level[kL1iLinesize]);
  f->level1_dcache_size = static_cast<unsigned long>(level[kL1dSize]);
  f->level1_dcache_assoc = static_cast<unsigned long>(level[kL1dAssoc]);
  f->level1_dcache_linesize = static_cast<unsigned long>(level[kL1dLinesize]);
  f->level2_cache_size = static_cast<unsigned long>(level[kL2Size]);
  f->level2_cache_assoc = static_cast<unsigned long>(level[kL2Assoc]);
  f->level2_cache_linesize = static_cast<unsigned long>(level[kL2Linesize]);
  f->level3_cache_size = static_cast<unsigned long>(level[kL3Size]);
  f->level3_cache_assoc = static_cast<unsigned long>(level[kL3Assoc]);
  f->level3_cache_linesize = static_cast<unsigned long>(level[kL3Linesize]);
  f->level4_cache_size = static_cast<unsigned long>(level[kL4Size]);

  // Non-temporal stores from 1/4 of the L3, but not below 3/4 of one
  // thread's share (incomplete cache info), and only the share without ERMS.
  unsigned long non_temporal_threshold = static_cast<unsigned long>(shared / 4);
  unsigned long lowbound = static_cast<unsigned long>(shared_per_thread * 3 / 4);
  if (non_temporal_threshold < lowbound) non_temporal_threshold = lowbound;
  if (!cpu_usable(f, cpu::ERMS)) non_temporal_threshold = lowbound;
  // SIZE_MAX >> 4: memmove shifts it left by 4; 0x4040: one 4x-page loop.
  constexpr unsigned long kMaxNonTemporal = ~0ul >> 4, kMinNonTemporal = 0x4040;
  if (non_temporal_threshold < kMinNonTemporal) non_temporal_threshold = kMinNonTemporal;
  else if (non_temporal_threshold > kMaxNonTemporal) non_temporal_threshold = kMaxNonTemporal;

  // REP MOVSB from 4096 * (VEC_SIZE / 16) (2048 for 16-byte vectors), and
  // at least 8 vectors; 2112 with FSRM.
  unsigned long rep_movsb_threshold, minimum_rep_movsb_threshold;
  if (cpu_usable(f, cpu::AVX512F) && (f->preferred[0] & arch::Prefer_No_AVX512) == 0) {
    rep_movsb_threshold = 4096 * (64 / 16);
    minimum_rep_movsb_threshold = 64 * 8;
  } else if ((f->preferred[0] & arch::AVX_Fast_Unaligned_Load) != 0) {
    rep_movsb_threshold = 4096 * (32 / 16);
    minimum_rep_movsb_threshold = 32 * 8;
  } else {
    rep_movsb_threshold = 2048 * (16 / 16);
    minimum_rep_movsb_threshold = 16 * 8;
  }
  if (cpu_usable(f, cpu::FSRM)) rep_movsb_threshold = 2112;

  // The tunables (0 for the size ones means "not set").
  if (tunables.x86_data_cache_size != 0) data = static_cast<long>(tunables.x86_data_cache_size);
  if (tunables.x86_shared_cache_size != 0) shared = static_cast<long>(tunables.x86_shared_cache_size);
  if (tunables.x86_non_temporal_threshold > kMinNonTemporal &&
      tunables.x86_non_temporal_threshold <= kMaxNonTemporal)
    non_temporal_threshold = tunables.x86_non_temporal_threshold;
  if (tunables.x86_rep_movsb_threshold > minimum_rep_movsb_threshold)
    rep_movsb_threshold = tunables.x86_rep_movsb_threshold;
  unsigned long rep_stosb_threshold = tunables.x86_rep_stosb_threshold;

  constexpr uint64_t kSizeMax = ~uint64_t{0};
  f->x86_data_cache_size = {static_cast<uint64_t>(data), 0, kSizeMax};
  f->x86_shared_cache_size = {static_cast<uint64_t>(shared), 0, kSizeMax};
  f->x86_non_temporal_threshold = {non_temporal_threshold, kMinNonTemporal, kMaxNonTemporal};
  f->x86_rep_movsb_threshold = {rep_movsb_threshold, minimum_rep_movsb_threshold, kSizeMax};
  f->x86_rep_stosb_threshold = {rep_stosb_threshold, 1, kSizeMax};

  // AMD (Zen 3 ERMS is slow beyond L2): stop REP MOVSB at the L2 size;
  // elsewhere at the non-temporal threshold.
  unsigned long rep_movsb_stop_threshold = f->basic.kind == arch_kind_amd
                                               ? static_cast<unsigned long>(core)
                                               : non_temporal_threshold;

  f->data_cache_size = static_cast<unsigned long>(data);
  f->shared_cache_size = static_cast<unsigned long>(shared);
  f->non_temporal_threshold = non_temporal_threshold;
  f->rep_movsb_threshold = rep_movsb_threshold;
  f->rep_stosb_threshold = rep_stosb_threshold;
  f->rep_movsb_stop_threshold = rep_movsb_stop_threshold;
}

}  // namespace ldr::glibc
