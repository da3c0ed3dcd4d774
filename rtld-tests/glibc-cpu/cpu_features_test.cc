// SPDX-License-Identifier: MIT
// Hosted oracle test for ldr/glibc/cpu_features: computes cpu_features with
// the same GLIBC_TUNABLES as a run of the system `ld.so --list-diagnostics`
// and `--list-tunables` on this machine (same CPU, pinned) and requires every
// x86.cpu_features line, dl_hwcap, dl_platform and the glibc.cpu.x86_* tunable
// lines to match. Modes: oracle [TUNABLES], parse, count, differential
// (against glibc's own code on replayed machines, differential.cc).
#include <sched.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cpuid.h>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "base/fmt.h"
#include "glibc/cpu_diagnostics.h"
#include "glibc/cpu_features.h"
#include "glibc/tunables.h"
#ifdef LDR_GLIBC_ORACLE
#include "differential.h"
#endif

using ldr::glibc::CpuFeatures;
using ldr::glibc::CpuTunables;
using ldr::glibc::Tunable;
using ldr::glibc::TunableSecurity;
using ldr::glibc::TunableType;

namespace {

constexpr const char* kLdSo = "/lib64/ld-linux-x86-64.so.2";

std::string fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* format, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, format);
  vsnprintf(buf, sizeof buf, format, ap);
  va_end(ap);
  return buf;
}

// Pins this process (and the ld.so it spawns) to the CPU it is on: leaf 1
// EBX carries the initial APIC ID, which differs between CPUs.
void pin_to_current_cpu() {
  int cpu = sched_getcpu();
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) perror("sched_setaffinity");
}

// Runs ld.so with only GLIBC_TUNABLES (if given) in the environment.
std::vector<std::string> run_ldso(const char* option, const char* tunables) {
  int fds[2];
  if (pipe(fds) != 0) abort();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    std::string env = tunables != nullptr ? std::string("GLIBC_TUNABLES=") + tunables : "";
    char* envp[] = {tunables != nullptr ? env.data() : nullptr, nullptr};
    char* argv[] = {const_cast<char*>(kLdSo), const_cast<char*>(option), nullptr};
    execve(kLdSo, argv, envp);
    _exit(127);
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(out.substr(start, nl - start));
  return lines;
}

// The glibc.cpu tunables with dl-tunables.list's static bounds, parsed by
// ldr's own GLIBC_TUNABLES parser.
enum { kHwcaps, kNonTemporal, kRepMovsb, kRepStosb, kDataCache, kSharedCache, kTunableCount };
struct TunableTable {
  Tunable t[kTunableCount];
};

char* copy_entry(const char* entry) { return strdup(entry); }

TunableTable parse_tunables(const char* glibc_tunables) {
  constexpr int64_t kMax = -1;  // SIZE_MAX as tunable_num_t
  auto size_t_tunable = [](const char* name, int64_t min, int64_t def) {
    return Tunable{name, "", TunableType::kSizeT, TunableSecurity::kSxidIgnore, min, kMax, def, nullptr, false};
  };
  TunableTable tt{{
      {"glibc.cpu.hwcaps", "", TunableType::kString, TunableSecurity::kSxidIgnore, 0, 0, 0, nullptr, false},
      size_t_tunable("glibc.cpu.x86_non_temporal_threshold", 0, 0),
      size_t_tunable("glibc.cpu.x86_rep_movsb_threshold", 1, 0),
      size_t_tunable("glibc.cpu.x86_rep_stosb_threshold", 1, 2048),
      size_t_tunable("glibc.cpu.x86_data_cache_size", 0, 0),
      size_t_tunable("glibc.cpu.x86_shared_cache_size", 0, 0),
  }};
  if (glibc_tunables != nullptr) {
    std::string entry = std::string("GLIBC_TUNABLES=") + glibc_tunables;
    char* env_entry = strdup(entry.c_str());  // values are cut in place, kept alive
    char* envp[] = {env_entry, nullptr};
    ldr::glibc::init_tunables(tt.t, kTunableCount, envp, false, false, copy_entry);
  }
  return tt;
}

CpuTunables cpu_tunables_from(const TunableTable& tt) {
  CpuTunables c;
  c.hwcaps = tt.t[kHwcaps].initialized ? tt.t[kHwcaps].str : nullptr;
  c.x86_non_temporal_threshold = static_cast<uint64_t>(tt.t[kNonTemporal].num);
  c.x86_rep_movsb_threshold = static_cast<uint64_t>(tt.t[kRepMovsb].num);
  c.x86_rep_stosb_threshold = static_cast<uint64_t>(tt.t[kRepStosb].num);
  c.x86_data_cache_size = static_cast<uint64_t>(tt.t[kDataCache].num);
  c.x86_shared_cache_size = static_cast<uint64_t>(tt.t[kSharedCache].num);
  c.at_minsigstksz = getauxval(AT_MINSIGSTKSZ);
  return c;
}

// dl-diagnostics-cpu.c's lines for our struct, as the loader prints them.
std::vector<std::string> diagnostics_lines(const CpuFeatures& f) {
  static char buf[64 * 1024];
  size_t used;
  {
    ldr::base::Writer w(buf, sizeof buf);
    ldr::glibc::write_cpu_diagnostics(w, f);
    used = w.length();
  }
  std::vector<std::string> v;
  for (size_t at = 0; at < used;) {
    size_t end = at;
    while (end < used && buf[end] != '\n') ++end;
    v.emplace_back(buf + at, end - at);
    at = end + 1;
  }
  // GLRO values --list-diagnostics prints outside x86.cpu_features.
  v.push_back(fmt("dl_hwcap=0x%lx", f.dl_hwcap));
  const char* platform = f.dl_platform != nullptr
                             ? f.dl_platform
                             : reinterpret_cast<const char*>(getauxval(AT_PLATFORM));
  v.push_back(fmt("dl_platform=\"%s\"", platform));
  return v;
}

// _dl_print_tunables lines of the SIZE_T tunables after dl_init_cacheinfo's
// TUNABLE_SET_WITH_BOUNDS calls, applied with ldr's update_tunable.
std::vector<std::string> tunable_lines(TunableTable tt, const CpuFeatures& f) {
  auto apply = [&tt](int id, const CpuFeatures::TunableSet& s) {
    int64_t min = static_cast<int64_t>(s.min), max = static_cast<int64_t>(s.max);
    ldr::glibc::update_tunable(tt.t[id], static_cast<int64_t>(s.value), &min, &max);
  };
  apply(kDataCache, f.x86_data_cache_size);
  apply(kSharedCache, f.x86_shared_cache_size);
  apply(kNonTemporal, f.x86_non_temporal_threshold);
  apply(kRepMovsb, f.x86_rep_movsb_threshold);
  apply(kRepStosb, f.x86_rep_stosb_threshold);
  std::vector<std::string> v;
  for (int id : {kNonTemporal, kRepMovsb, kRepStosb, kDataCache, kSharedCache})
    v.push_back(fmt("%s: 0x%lx (min: 0x%lx, max: 0x%lx)", tt.t[id].name, tt.t[id].num, tt.t[id].min, tt.t[id].max));
  return v;
}

bool starts_with(const std::string& s, const char* p) { return s.compare(0, strlen(p), p) == 0; }

// Every expected line must appear in `got` exactly; returns mismatches.
int compare(const char* what, const std::vector<std::string>& expected, const std::vector<std::string>& ours) {
  int bad = 0;
  if (expected.size() != ours.size()) {
    printf("%s: glibc printed %zu lines, ldr %zu\n", what, expected.size(), ours.size());
    ++bad;
  }
  for (const std::string& e : expected) {
    bool found = false;
    for (const std::string& o : ours) found = found || o == e;
    if (found) continue;
    std::string key = e.substr(0, e.find_first_of("=:"));
    std::string mine = "(missing)";
    for (const std::string& o : ours)
      if (o.compare(0, key.size() + 1, key + e[key.size()]) == 0) mine = o;
    printf("MISMATCH %s\n  glibc: %s\n  ldr:   %s\n", what, e.c_str(), mine.c_str());
    ++bad;
  }
  return bad;
}

int run_oracle(const char* glibc_tunables) {
  pin_to_current_cpu();
  TunableTable tt = parse_tunables(glibc_tunables);
  CpuTunables ct = cpu_tunables_from(tt);
  CpuFeatures f;
  ldr::glibc::compute_cpu_features(&f, ct);

  std::vector<std::string> expected, tunables;
  for (const std::string& l : run_ldso("--list-diagnostics", glibc_tunables))
    if (starts_with(l, "x86.cpu_features.") || starts_with(l, "dl_hwcap=") || starts_with(l, "dl_platform="))
      expected.push_back(l);
  for (const std::string& l : run_ldso("--list-tunables", glibc_tunables))
    if (starts_with(l, "glibc.cpu.x86_") && l.find("(min:") != std::string::npos) tunables.push_back(l);
  if (expected.size() < 100 || tunables.size() != 5) {
    printf("ld.so output not understood (%zu diagnostics lines, %zu tunables)\n", expected.size(), tunables.size());
    return 1;
  }
  int bad = compare("diagnostics", expected, diagnostics_lines(f));
  bad += compare("tunables", tunables, tunable_lines(tt, f));

  // dl_minsigstacksize: this process's glibc reports its value via sysconf.
  long glibc_minsig = sysconf(_SC_MINSIGSTKSZ);
  if (static_cast<uint64_t>(glibc_minsig) != f.dl_minsigstacksize) {
    printf("MISMATCH dl_minsigstacksize glibc %ld ldr %lu\n", glibc_minsig, f.dl_minsigstacksize);
    ++bad;
  }
  printf("%s: %zu diagnostics + %zu tunable lines compared, %d mismatches, %u CPUID executed\n",
         glibc_tunables != nullptr ? glibc_tunables : "(no tunables)", expected.size(), tunables.size(), bad,
         f.cpuid_count);
  return bad == 0 ? 0 : 1;
}

// --- Pure checks of the hwcaps parser and the minsigstacksize emulation. ---

int failures = 0;
#define EXPECT(cond)                                               \
  do {                                                             \
    if (!(cond)) {                                                 \
      printf("%s:%d: EXPECT failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                  \
    }                                                              \
  } while (0)

CpuFeatures all_usable() {
  CpuFeatures f{};
  for (auto& feat : f.features) feat.cpuid = feat.active = {~0u, ~0u, ~0u, ~0u};
  f.xsave_state_size = 0x380;
  f.xsave_state_full_size = 0xa00;
  return f;
}

int run_parse() {
  using namespace ldr::glibc;
  {
    CpuFeatures f = all_usable();
    apply_hwcaps_mask(&f, "-AVX2,-ERMS,-SSE4_2,-AVX512VL,-OSXSAVE,-LZCNT");
    EXPECT(!cpu_usable(&f, cpu::AVX2) && cpu_has(&f, cpu::AVX2));
    EXPECT(!cpu_usable(&f, cpu::ERMS) && !cpu_usable(&f, cpu::SSE4_2));
    EXPECT(!cpu_usable(&f, cpu::AVX512VL) && !cpu_usable(&f, cpu::OSXSAVE) && !cpu_usable(&f, cpu::LZCNT));
    EXPECT(cpu_usable(&f, cpu::AVX) && cpu_usable(&f, cpu::AVX512F));
  }
  {
    // Features are only switched off; "AVX2" without '-' and wrong case do nothing.
    CpuFeatures f = all_usable();
    apply_hwcaps_mask(&f, "AVX2,-avx,-AVX2_Usable,-AVX512,,-,-AVX22");
    EXPECT(cpu_usable(&f, cpu::AVX2) && cpu_usable(&f, cpu::AVX) && cpu_usable(&f, cpu::AVX512F));
    EXPECT(f.preferred[0] == 0);
  }
  {
    CpuFeatures f = all_usable();
    apply_hwcaps_mask(&f, "Prefer_No_VZEROUPPER,Slow_BSF,Fast_Rep_String,I586,MathVec_Prefer_No_AVX512");
    EXPECT(f.preferred[0] == (arch::Prefer_No_VZEROUPPER | arch::Slow_BSF | arch::Fast_Rep_String |
                              arch::MathVec_Prefer_No_AVX512));  // I586 can only be cleared
    apply_hwcaps_mask(&f, "-Slow_BSF,-Prefer_No_VZEROUPPER,");
    EXPECT(f.preferred[0] == (arch::Fast_Rep_String | arch::MathVec_Prefer_No_AVX512));
  }
  {
    // NEED_BOTH: set only if the needed feature is usable.
    CpuFeatures f = all_usable();
    apply_hwcaps_mask(&f, "-AVX512F,Prefer_No_AVX512,-AVX,AVX_Fast_Unaligned_Load,Slow_SSE4_2");
    EXPECT(f.preferred[0] == arch::Slow_SSE4_2);
  }
  {
    CpuFeatures f = all_usable();
    apply_hwcaps_mask(&f, "-XSAVEC");
    EXPECT(f.xsave_state_size == 0xa00 && !cpu_usable(&f, cpu::XSAVEC));
  }
  {
    // The leading token may be empty; parsing stops at the NUL.
    CpuFeatures f = all_usable();
    apply_hwcaps_mask(&f, ",-SSSE3");
    EXPECT(!cpu_usable(&f, cpu::SSSE3));
    apply_hwcaps_mask(&f, "");
    EXPECT(cpu_usable(&f, cpu::SSE2));
  }
  {
    // AT_MINSIGSTKSZ wins; without it: 512 bytes of frame + XSAVE size + 4.
    CpuTunables t;
    t.at_minsigstksz = 0x1234;
    CpuFeatures f;
    compute_cpu_features(&f, t);
    EXPECT(f.dl_minsigstacksize == 0x1234);
    t.at_minsigstksz = 0;
    compute_cpu_features(&f, t);
    unsigned a, b, c, d;
    __cpuid_count(0xd, 0, a, b, c, d);
    EXPECT(f.dl_minsigstacksize == (cpu_has(&f, cpu::OSXSAVE) && f.basic.max_cpuid >= 0xd ? 512 + b + 4 : 2048));
  }
  printf("parse: %d failures\n", failures);
  return failures == 0 ? 0 : 1;
}

// Each (leaf, subleaf) once: a second run with the first run's cache
// executes nothing, and the count is printed for the report.
int run_count() {
  ldr::glibc::CpuidCache cache;
  CpuFeatures f1, f2;
  ldr::glibc::compute_cpu_features(&f1, CpuTunables{}, cache);
  ldr::glibc::compute_cpu_features(&f2, CpuTunables{}, cache);
  printf("CPUID executed: %u (second run with the same cache: %u)\n", f1.cpuid_count, f2.cpuid_count);
  EXPECT(f2.cpuid_count == 0);
  EXPECT(f1.cpuid_count > 0 && f1.cpuid_count <= 40);
  EXPECT(memcmp(&f1, &f2, offsetof(CpuFeatures, cpuid_count)) == 0);
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "oracle";
  if (strcmp(mode, "oracle") == 0) return run_oracle(argc > 2 ? argv[2] : nullptr);
  if (strcmp(mode, "parse") == 0) return run_parse();
  if (strcmp(mode, "count") == 0) return run_count();
#ifdef LDR_GLIBC_ORACLE
  if (strcmp(mode, "differential") == 0)
    return run_differential(argc > 2 ? static_cast<unsigned>(atoi(argv[2])) : 10000,
                            argc > 3 ? static_cast<unsigned>(atoi(argv[3])) : 1);
#endif
  fprintf(stderr, "usage: %s oracle [GLIBC_TUNABLES] | parse | count | differential [N [SEED]]\n", argv[0]);
  return 2;
}
