// SPDX-License-Identifier: MIT
// Differential test: ldr's port against glibc's own init_cpu_features
// (oracle/glibc_oracle.c, compiled from /usr/src/glibc) on replayed CPUID
// tables: this machine's recording, then random Intel/AMD/Hygon/Zhaoxin/
// other machines with random XCR0 and tunables.
#include "differential.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "glibc/cpu_features.h"
#include "oracle/oracle.h"

namespace {

using ldr::glibc::CpuFeatures;
using ldr::glibc::CpuidCache;
using ldr::glibc::CpuTunables;

struct Rng {
  uint64_t s;
  uint32_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return static_cast<uint32_t>(s >> 11);
  }
  uint32_t below(uint32_t n) { return next() % n; }
  bool chance(uint32_t percent) { return below(100) < percent; }
  template <typename T, size_t N>
  T pick(const T (&a)[N]) { return a[below(N)]; }
};

struct Machine {
  std::vector<oracle_leaf> leaves;
  uint32_t xcr0 = 0;
  void add(uint32_t leaf, uint32_t sub, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
    leaves.push_back(oracle_leaf{leaf, sub, {a, b, c, d}});
  }
};

struct Case {
  Machine m;
  std::string hwcaps;  // "" with has_hwcaps false: not set
  bool has_hwcaps = false;
  CpuTunables t;
};

// Runs both; returns a description of the first difference, "" if equal,
// or "skip" if glibc would not terminate.
std::string compare_case(const Case& c, unsigned* glibc_calls = nullptr, unsigned* ldr_calls = nullptr) {
  std::string hw = c.hwcaps + std::string(1, '\0');  // glibc reads one token past the NUL
  oracle_input in{c.m.leaves.data(), c.m.leaves.size(), c.m.xcr0, c.has_hwcaps ? hw.c_str() : nullptr,
                  c.t.x86_non_temporal_threshold, c.t.x86_rep_movsb_threshold,
                  c.t.x86_rep_stosb_threshold, c.t.x86_data_cache_size, c.t.x86_shared_cache_size,
                  c.t.at_minsigstksz};
  oracle_output want;
  memset(&want, 0, sizeof want);
  if (glibc_oracle_run(&in, &want) != 0) return "skip";

  CpuidCache cache;
  cache.set_hardware(false);
  for (const oracle_leaf& l : c.m.leaves) cache.preload(l.leaf, l.subleaf, {l.regs[0], l.regs[1], l.regs[2], l.regs[3]});
  cache.preload_xcr0(c.m.xcr0);
  CpuTunables t = c.t;
  t.hwcaps = c.has_hwcaps ? c.hwcaps.c_str() : nullptr;
  CpuFeatures got;
  ldr::glibc::compute_cpu_features(&got, t, cache);

  if (glibc_calls != nullptr) *glibc_calls = want.cpuid_calls;
  if (ldr_calls != nullptr) *ldr_calls = got.cpuid_count;
  const auto* g = reinterpret_cast<const unsigned char*>(&got);
  for (size_t i = 0; i < sizeof want.cpu_features; i += 4) {
    uint32_t a, b;
    memcpy(&a, want.cpu_features + i, 4);
    memcpy(&b, g + i, 4);
    if (a != b) {
      char buf[128];
      snprintf(buf, sizeof buf, "cpu_features byte %zu: glibc 0x%x ldr 0x%x", i, a, b);
      return buf;
    }
  }
  if (want.dl_hwcap != got.dl_hwcap) return "dl_hwcap";
  if ((want.dl_platform == nullptr) != (got.dl_platform == nullptr) ||
      (want.dl_platform != nullptr && strcmp(want.dl_platform, got.dl_platform) != 0))
    return "dl_platform";
  if (want.dl_minsigstacksize != got.dl_minsigstacksize) return "dl_minsigstacksize";
  const CpuFeatures::TunableSet* sets[5] = {&got.x86_data_cache_size, &got.x86_shared_cache_size,
                                            &got.x86_non_temporal_threshold, &got.x86_rep_movsb_threshold,
                                            &got.x86_rep_stosb_threshold};
  for (int i = 0; i < 5; ++i)
    if (want.set[i][0] != sets[i]->value || want.set[i][1] != sets[i]->min || want.set[i][2] != sets[i]->max)
      return "TUNABLE_SET_WITH_BOUNDS #" + std::to_string(i);
  return "";
}

constexpr uint32_t kVendors[][3] = {
    {0x756e6547, 0x6c65746e, 0x49656e69},  // GenuineIntel
    {0x756e6547, 0x6c65746e, 0x49656e69},
    {0x756e6547, 0x6c65746e, 0x49656e69},
    {0x68747541, 0x444d4163, 0x69746e65},  // AuthenticAMD
    {0x6f677948, 0x656e6975, 0x6e65476e},  // HygonGenuine
    {0x746e6543, 0x736c7561, 0x48727561},  // CentaurHauls
    {0x68532020, 0x20206961, 0x68676e61},  //   Shanghai
    {0x12345678, 0x9abcdef0, 0x0fedcba9},  // other
};
constexpr uint32_t kMaxCpuid[] = {1, 2, 3, 4, 7, 0xa, 0xb, 0xd, 0xd, 0x10, 0x14, 0x19, 0x1c, 0x1f};
constexpr uint32_t kModels[] = {0x1c, 0x26, 0x57, 0x7a, 0x5c, 0x5f, 0x4c, 0x5a, 0x75, 0x37, 0x4a,
                                0x4d, 0x5d, 0x86, 0x96, 0x9c, 0x1a, 0x1e, 0x1f, 0x25, 0x2c, 0x2e,
                                0x2f, 0x55, 0x8e, 0x9e, 0x4e, 0x5e, 0x3f, 0x3c, 0x45, 0x46, 0x0f,
                                0x19, 0x1b, 0x3b, 0x60, 0x70, 0x7f, 0xcf, 0x8f, 0x06, 0x01};
constexpr uint32_t kFamilies[] = {6, 6, 6, 0xf, 0xf, 5, 7, 4};
constexpr uint32_t kDescriptors[] = {0x00, 0x40, 0xff, 0x49, 0x06, 0x0a, 0x0d, 0x2c, 0x30, 0x3c,
                                     0x46, 0x4d, 0x4e, 0x7d, 0x87, 0xd0, 0xec, 0x22, 0x21, 0x68};
constexpr const char* kTokens[] = {"-AVX", "-AVX2", "-ERMS", "-XSAVEC", "-XSAVE", "-OSXSAVE", "-AVX512F",
                                   "-AVX512VL", "-FMA", "-BMI2", "-I586", "-I686", "Prefer_No_VZEROUPPER",
                                   "-Prefer_No_VZEROUPPER", "Slow_SSE4_2", "Prefer_No_AVX512",
                                   "-AVX_Fast_Unaligned_Load", "AVX_Fast_Unaligned_Load", "Fast_Rep_String",
                                   "-Slow_BSF", "Slow_BSF", "", "-", "-SSE4_2", "MathVec_Prefer_No_AVX512"};
constexpr uint64_t kSizes[] = {0, 0, 0, 1, 0x80, 0x100, 0x101, 0x200, 0x201, 0x4040, 0x4041, 0x100000,
                               0x0fffffffffffffff, 0x1000000000000000, ~uint64_t{0}};

uint32_t random_word(Rng& r) {
  switch (r.below(4)) {
    case 0: return 0;
    case 1: return ~0u;
    default: return r.next() ^ (r.next() << 16);
  }
}

Case random_case(Rng& r) {
  Case c;
  Machine& m = c.m;
  // x87/SSE, +AVX, +AVX-512, +AMX, partial sets.
  constexpr uint32_t kXcr0[] = {0x3, 0x7, 0xe7, 0x2e7, 0x60007, 0x600e7, 0x1, 0x67, 0xa7, 0x20007};
  m.xcr0 = r.pick(kXcr0);
  const uint32_t* v = kVendors[r.below(sizeof kVendors / sizeof kVendors[0])];
  uint32_t max = r.pick(kMaxCpuid);
  m.add(0, 0, max, v[0], v[1], v[2]);
  uint32_t family = r.pick(kFamilies), model = r.chance(70) ? r.pick(kModels) : r.below(256);
  uint32_t eax1 = r.below(16) | (model & 0xf) << 4 | (model >> 4) << 16 | family << 8;
  if (family == 0xf) eax1 |= r.pick(kFamilies) << 20;
  m.add(1, 0, eax1, random_word(r), random_word(r), random_word(r));
  auto descriptors = [&r]() {
    uint32_t w = 0;
    for (int i = 0; i < 4; ++i) w |= r.pick(kDescriptors) << (8 * i);
    return r.chance(10) ? w | 0x80000000 : w & 0x7fffffff;
  };
  m.add(2, 0, (descriptors() & ~0xffu) | (r.chance(85) ? 1 : r.below(4)), descriptors(), descriptors(),
        descriptors());
  uint32_t n4 = r.below(6);
  for (uint32_t i = 0; i < n4; ++i) {
    uint32_t type = 1 + r.below(3), level = 1 + r.below(4);
    uint32_t eax = type | level << 5 | r.below(64) << 14;
    m.add(4, i, eax, r.below(16) << 22 | r.below(16) << 12 | r.below(128), r.below(8192), r.below(4));
  }
  for (uint32_t i = 0, n = r.below(4); i < n; ++i)
    m.add(11, i, 0, r.below(16), (r.chance(80) ? (1 + r.below(2)) << 8 : r.below(4) << 8) | i, 0);
  m.add(7, 0, 0, random_word(r), random_word(r), random_word(r));
  m.add(7, 1, random_word(r), 0, 0, 0);
  m.add(0xd, 0, 0, r.chance(80) ? 0x240 + r.below(0x3000) : 0, 0, 0);
  m.add(0xd, 1, random_word(r), 0, 0, 0);
  for (uint32_t i = 2; i < 10; ++i) m.add(0xd, i, r.below(0x800), 0, r.below(4), 0);
  m.add(0x14, 0, 0, random_word(r), 0, 0);
  m.add(0x19, 0, 0, random_word(r), 0, 0);
  constexpr uint32_t kExtMax[] = {0, 0x80000001, 0x80000005, 0x80000006, 0x80000007, 0x80000008, 0x8000001f};
  m.add(0x80000000, 0, r.pick(kExtMax), 0, 0, 0);
  m.add(0x80000001, 0, 0, 0, random_word(r), random_word(r));
  // Line sizes stay non-zero: glibc divides by them for fully associative caches.
  m.add(0x80000005, 0, 0, 0, random_word(r) | 0x40, random_word(r) | 0x40);
  m.add(0x80000006, 0, 0, 0, random_word(r) | 0x40, random_word(r) | 0x40);
  m.add(0x80000007, 0, 0, 0, 0, random_word(r));
  m.add(0x80000008, 0, 0, random_word(r), r.next(), 0);
  m.add(0x8000001D, 3, r.next(), 0, 0, 0);

  if (r.chance(40)) {
    c.has_hwcaps = true;
    for (uint32_t i = 0, n = r.below(5); i < n; ++i) {
      if (i > 0) c.hwcaps += ',';
      c.hwcaps += r.pick(kTokens);
    }
  }
  c.t.x86_non_temporal_threshold = r.pick(kSizes);
  c.t.x86_rep_movsb_threshold = r.pick(kSizes);
  c.t.x86_rep_stosb_threshold = r.chance(50) ? 2048 : 1 + r.pick(kSizes);
  c.t.x86_data_cache_size = r.pick(kSizes);
  c.t.x86_shared_cache_size = r.pick(kSizes);
  c.t.at_minsigstksz = r.chance(50) ? 0 : 0xd30;
  return c;
}

}  // namespace

int run_differential(unsigned count, unsigned seed) {
  int failures = 0;
  // This machine, recorded from a hardware run.
  {
    CpuidCache recording;
    CpuFeatures f;
    ldr::glibc::compute_cpu_features(&f, CpuTunables{}, recording);
    Case c;
    c.m.xcr0 = (f.features[ldr::glibc::CPUID_INDEX_1].cpuid.ecx >> 27 & 1) != 0 ? recording.xcr0() : 0;
    for (size_t i = 0; i < recording.entry_count(); ++i) {
      const CpuidCache::Entry& e = recording.entries()[i];
      c.m.add(e.leaf, e.subleaf, e.regs.eax, e.regs.ebx, e.regs.ecx, e.regs.edx);
    }
    unsigned glibc_calls = 0, ldr_calls = 0;
    std::string d = compare_case(c, &glibc_calls, &ldr_calls);
    if (!d.empty()) {
      printf("this machine: %s\n", d.c_str());
      ++failures;
    }
    // Replayed leaves count as executions in neither run; report glibc's
    // count against the hardware run's.
    printf("this machine: glibc executes %u CPUID, ldr %u\n", glibc_calls, f.cpuid_count);
    (void)ldr_calls;
  }
  Rng r{0x9e3779b97f4a7c15ull ^ seed};
  unsigned skipped = 0, kinds[5] = {};
  for (unsigned n = 0; n < count; ++n) {
    Case c = random_case(r);
    std::string d = compare_case(c);
    if (d == "skip") {
      ++skipped;
      continue;
    }
    CpuFeatures f;
    CpuidCache cache;
    cache.set_hardware(false);
    for (const oracle_leaf& l : c.m.leaves) cache.preload(l.leaf, l.subleaf, {l.regs[0], l.regs[1], l.regs[2], l.regs[3]});
    ldr::glibc::compute_cpu_features(&f, CpuTunables{}, cache);
    ++kinds[f.basic.kind % 5];
    if (d.empty()) continue;
    if (++failures <= 10) {
      printf("case %u: %s (vendor leaf0 ebx 0x%x, leaf1 eax 0x%x, hwcaps \"%s\")\n", n, d.c_str(),
             c.m.leaves[0].regs[1], c.m.leaves[1].regs[0], c.hwcaps.c_str());
    }
  }
  printf("differential: %u random machines (intel %u, amd %u, zhaoxin %u, other %u), %u skipped "
         "(glibc would spin), %d differences\n",
         count, kinds[1], kinds[2], kinds[3], kinds[4], skipped, failures);
  return failures == 0 ? 0 : 1;
}
