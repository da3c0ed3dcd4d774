// SPDX-License-Identifier: MIT
// ld.so --list-diagnostics (diagnostics.h): glibc 2.36's elf/dl-diagnostics.c,
// sysdeps/unix/sysv/linux/dl-diagnostics-kernel.c and
// sysdeps/x86/dl-diagnostics-cpu.c, line for line, with ldr's own values
// where they are the loader's (paths) and ldr.* keys last. No allocation;
// one uname system call.
#include "glibc/diagnostics.h"

#include "base/fmt.h"
#include "base/mem.h"
#include "base/sys.h"
#include "elf/types.h"
#include "glibc/cpu_diagnostics.h"
#include "glibc/cpu_features.h"
#include "glibc/layout.h"
#include "ldr_config.h"
#include "runtime.h"
#include "search/expand.h"

namespace ldr::glibc {

namespace {

// _dl_string_platform numbers dl_x86_platforms from _DL_FIRST_PLATFORM; on
// x86-64 it tests the last two (HWCAP_PLATFORMS_START 2).
constexpr int kFirstPlatform = 48;

// print_quoted_char, with glibc 2.36's octal escape as it is: the middle
// digit repeats the first ((ch >> 6) & 7), of the signed char.
void quoted_char(base::Writer& w, char c) {
  auto ch = static_cast<signed char>(c);
  if (ch < ' ' || ch > '~') {
    w.ch('\\').ch(static_cast<char>('0' + ((ch >> 6) & 7))).ch(static_cast<char>('0' + ((ch >> 6) & 7)));
    w.ch(static_cast<char>('0' + (ch & 7)));
    return;
  }
  if (ch == '\\' || ch == '"') w.ch('\\');
  w.ch(c);
}

void quoted(base::Writer& w, const char* s, size_t n) {
  w.ch('"');
  for (size_t i = 0; i < n; ++i) quoted_char(w, s[i]);
  w.ch('"');
}

// _dl_diagnostics_print_string: NULL prints as 0x0.
void string_value(base::Writer& w, const char* s) {
  if (s == nullptr) w.str("0x0");
  else quoted(w, s, base::str_len(s));
}

void labeled_string(base::Writer& w, const char* label, const char* s) {
  w.str(label).ch('=');
  string_value(w, s);
  w.nl();
}

void labeled_value(base::Writer& w, const char* label, uint64_t v) { w.str(label).str("=0x").hex(v).nl(); }

// unfiltered_envvar: LC_*, LD_*, MALLOC_* and glibc's list print whole,
// other variables by name only; an entry without '=' whole.
bool unfiltered(const char* env, size_t* name_length) {
  size_t n = 0;
  while (env[n] != '\0' && env[n] != '=') ++n;
  *name_length = n;
  if (env[n] == '\0') return true;
  if (env[0] == 'L' && (env[1] == 'C' || env[1] == 'D') && env[2] == '_') return true;
  if (n >= 7 && base::equal_bytes(env, "MALLOC_", 7)) return true;
  static constexpr const char* kUnfiltered[] = {
      "DATEMSK", "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "GMON_OUTPUT_PREFIX", "HESIOD_CONFIG",
      "HES_DOMAIN", "HOSTALIASES", "I18NPATH", "IFS", "LANG", "LOCALDOMAIN", "LOCPATH", "MSGVERB",
      "NIS_DEFAULTS", "NIS_GROUP", "NIS_PATH", "NLSPATH", "PATH", "POSIXLY_CORRECT", "RESOLV_HOST_CONF",
      "RES_OPTIONS", "SEV_LEVEL", "TMPDIR", "TZ", "TZDIR"};
  for (const char* u : kUnfiltered)
    if (base::str_len(u) == n && base::equal_bytes(u, env, n)) return true;
  return false;
}

void environment(base::Writer& w, char** envp) {
  uint32_t index = 0;
  for (char** e = envp; e != nullptr && *e != nullptr; ++e, ++index) {
    size_t name_length;
    bool whole = unfiltered(*e, &name_length);
    w.str(whole ? "env[0x" : "env_filtered[0x").hex(index).str("]=");
    if (whole) string_value(w, *e);
    else quoted(w, *e, name_length);
    w.nl();
  }
}

// GLRO(dl_profile_output): the last non-empty LD_PROFILE_OUTPUT, else
// /var/tmp (/var/profile in secure mode), as process_envvars sets it.
const char* profile_output(const Runtime& rt) {
  const char* out = rt.startup.secure ? "/var/profile" : "/var/tmp";
  for (char** e = rt.startup.envp; e != nullptr && *e != nullptr; ++e)
    if (base::equal_bytes(*e, "LD_PROFILE_OUTPUT=", 18) && (*e)[18] != '\0') out = *e + 18;
  return out;
}

int64_t string_platform(const char* platform) {
  if (platform != nullptr)
    for (int i = 2; i < 4; ++i)
      if (base::str_eq(platform, kX86Platforms[i])) return kFirstPlatform + i;
  return -1;
}

void paths(base::Writer& w) {
  labeled_string(w, "path.prefix", LDR_PREFIX);
  labeled_string(w, "path.rtld", LDR_INSTALL_PATH);
  labeled_string(w, "path.sysconfdir", LDR_SYSCONFDIR);
  uint32_t index = 0;
  for (const char* p = LDR_SYSTEM_DIRS; *p != '\0';) {
    const char* s = p;
    while (*p != '\0' && *p != ':') ++p;
    w.str("path.system_dirs[0x").hex(index++).str("]=");
    quoted(w, s, static_cast<size_t>(p - s));
    w.nl();
    if (*p == ':') ++p;
  }
}

void auxv(base::Writer& w, const uint64_t* av) {
  uint32_t index = 0;
  for (; av != nullptr && av[0] != elf::AT_NULL; av += 2, ++index) {
    w.str("auxv[0x").hex(index).str("].a_type=0x").hex(av[0]).nl();
    w.str("auxv[0x").hex(index).str("].a_val=");
    if (av[0] == elf::AT_EXECFN || av[0] == elf::AT_PLATFORM || av[0] == elf::AT_BASE_PLATFORM)
      string_value(w, reinterpret_cast<const char*>(av[1]));
    else
      w.str("0x").hex(av[1]);
    w.nl();
  }
}

void uname(base::Writer& w) {
  struct {
    char field[6][65];
  } uts;
  if (base::syscall1(base::kSysUname, reinterpret_cast<long>(&uts)) != 0) return;
  static constexpr const char* kNames[] = {"sysname", "nodename", "release", "version", "machine", "domainname"};
  for (int i = 0; i < 6; ++i) {
    uts.field[i][64] = '\0';
    w.str("uname.");
    labeled_string(w, kNames[i], uts.field[i]);
  }
}


}  // namespace

void write_diagnostics(base::Writer& w, const Runtime& rt, const CpuFeatures& f, const char* platform) {
  labeled_string(w, "dl_dst_lib", search::kLibToken);
  labeled_value(w, "dl_hwcap", f.dl_hwcap);
  labeled_value(w, "dl_hwcap_important", HWCAP_X86_64 | HWCAP_X86_AVX512_1);
  labeled_value(w, "dl_hwcap2", rt.startup.at_hwcap2);
  labeled_string(w, "dl_hwcaps_subdirs", "x86-64-v4:x86-64-v3:x86-64-v2");
  labeled_value(w, "dl_hwcaps_subdirs_active", hwcaps_subdirs_active(f));
  labeled_value(w, "dl_pagesize", rt.startup.page_size);
  labeled_string(w, "dl_platform", platform);
  labeled_string(w, "dl_profile_output", profile_output(rt));
  labeled_value(w, "dl_string_platform", static_cast<uint64_t>(string_platform(platform)));
  labeled_string(w, "dso.ld", "ld-linux-x86-64.so.2");
  labeled_string(w, "dso.libc", "libc.so.6");
  environment(w, rt.startup.envp);
  paths(w);
  labeled_string(w, "version.release", "stable");
  labeled_string(w, "version.version", L::kGlibcVersion);
  auxv(w, rt.startup.auxv);
  uname(w);
  write_cpu_diagnostics(w, f);
  labeled_string(w, "ldr.version", LDR_VERSION_STRING);
  labeled_string(w, "ldr.cache", LDR_CACHE_PATH);
  labeled_string(w, "ldr.bind_cache", LDR_BIND_DIR);
  labeled_string(w, "ldr.glibc_package", L::kGlibcPackage);
}

}  // namespace ldr::glibc
