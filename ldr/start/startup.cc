// SPDX-License-Identifier: MIT
// Initial stack, auxv and environment (glibc _dl_parse_auxv, process_envvars).
#include "start/startup.h"

#include "base/mem.h"
#include "base/number.h"
#include "diag/trace.h"
#include "elf/types.h"
#include "runtime.h"
#include "symbol/lookup.h"

namespace ldr {

namespace {

// glibc's sysdeps/generic/unsecvars.h, plus ldr's own steering variables.
// GLIBC_TUNABLES is not among them (glibc builds with tunables): the
// personality rewrites it in secure mode, as glibc's __tunables_init does.
constexpr const char* kUnsecureVariables[] = {
    "GCONV_PATH", "GETCONF_DIR", "HOSTALIASES", "LD_AUDIT", "LD_DEBUG",
    "LD_DEBUG_OUTPUT", "LD_DYNAMIC_WEAK", "LD_HWCAP_MASK", "LD_LIBRARY_PATH", "LD_ORIGIN_PATH",
    "LD_PRELOAD", "LD_PROFILE", "LD_SHOW_AUXV", "LOCALDOMAIN", "LOCPATH", "MALLOC_TRACE",
    "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TMPDIR", "TZDIR",
    "LDR_LIBRARY_PATH", "LDR_DEBUG", "LDR_DEBUG_OUTPUT", "LDR_PRELOAD", "LDR_CACHE", "LDR_BIND_CACHE"};

// "NAME=value" -> value if the variable is `name`.
const char* value_of(const char* entry, const char* name) {
  size_t n = base::str_len(name);
  if (__builtin_memcmp(entry, name, n) != 0 || entry[n] != '=') return nullptr;
  return entry + n + 1;
}

bool is_unsecure(const char* entry) {
  for (const char* name : kUnsecureVariables) {
    size_t n = base::str_len(name);
    if (__builtin_memcmp(entry, name, n) == 0 && entry[n] == '=') return true;
  }
  return false;
}

}  // namespace

void read_initial_stack(Runtime& rt, uintptr_t* sp) {
  StartupInfo& s = rt.startup;
  s.stack = sp;
  s.argc = static_cast<int>(sp[0]);
  s.argv = reinterpret_cast<char**>(sp + 1);
  s.envp = s.argv + s.argc + 1;
  char** e = s.envp;
  while (*e != nullptr) ++e;
  s.auxv = reinterpret_cast<uint64_t*>(e + 1);
  for (uint64_t* a = s.auxv; a[0] != elf::AT_NULL; a += 2) {
    uint64_t v = a[1];
    switch (a[0]) {
      case elf::AT_PAGESZ: s.page_size = v; break;
      case elf::AT_PHDR: s.at_phdr = v; break;
      case elf::AT_PHNUM: s.at_phnum = v; break;
      case elf::AT_ENTRY: s.at_entry = v; break;
      case elf::AT_BASE: s.at_base = v; break;
      case elf::AT_SECURE: s.secure = v != 0; break;
      case elf::AT_RANDOM: s.at_random = v; break;
      case elf::AT_SYSINFO_EHDR: s.at_sysinfo_ehdr = v; break;
      case elf::AT_HWCAP: s.at_hwcap = v; break;
      case elf::AT_HWCAP2: s.at_hwcap2 = v; break;
      case elf::AT_MINSIGSTKSZ: s.at_minsigstksz = v; break;
      case elf::AT_CLKTCK: s.at_clktck = v; break;
      case elf::AT_FPUCW: s.at_fpucw = v; break;
      case elf::AT_EXECFN: s.at_execfn = reinterpret_cast<const char*>(v); break;
      case elf::AT_PLATFORM: s.at_platform = reinterpret_cast<const char*>(v); break;
      default: break;
    }
  }
  if (s.page_size == 0 || (s.page_size & (s.page_size - 1)) != 0) s.page_size = 4096;
}

void read_environment(Runtime& rt) {
  StartupInfo& s = rt.startup;
  Options& o = rt.options;
  const char* debug = nullptr;
  const char* debug_output = nullptr;
  const char* glibc_debug = nullptr;  // LD_DEBUG, LD_DEBUG_OUTPUT: used when LDR_DEBUG is not set
  const char* glibc_debug_output = nullptr;
  char** out = s.envp;
  for (char** e = s.envp; *e != nullptr; ++e) {
    const char* entry = *e;
    if (s.secure && is_unsecure(entry)) continue;  // dropped from the environment
    *out++ = *e;
    if (entry[0] != 'L') continue;
    const char* v;
    if ((v = value_of(entry, "LD_LIBRARY_PATH")) != nullptr) {
      if (o.library_path == nullptr && v[0] != '\0') o.library_path = v;
    } else if ((v = value_of(entry, "LDR_LIBRARY_PATH")) != nullptr) {
      if (v[0] != '\0') o.ldr_library_path = v;
    } else if ((v = value_of(entry, "LD_ORIGIN_PATH")) != nullptr) {
      o.origin_path = v;
    } else if ((v = value_of(entry, "LD_PRELOAD")) != nullptr) {
      if (v[0] != '\0') o.env_preload = v;
    } else if ((v = value_of(entry, "LD_AUDIT")) != nullptr) {
      o.env_audit = v;
    } else if ((v = value_of(entry, "LDR_CACHE")) != nullptr) {
      if (o.cache_path == nullptr && v[0] != '\0') o.cache_path = v;  // --cache wins
    } else if ((v = value_of(entry, "LDR_BIND_CACHE")) != nullptr) {
      if (o.bind_cache == nullptr && v[0] != '\0') o.bind_cache = v;  // --bind-cache wins
    } else if ((v = value_of(entry, "LDR_LOOKAHEAD")) != nullptr) {
      if (v[0] == '0' || v[0] == '1') o.lookahead = static_cast<int8_t>(v[0] - '0');
    } else if ((v = value_of(entry, "LDR_HUGE_RELRO")) != nullptr) {
      o.huge_relro = !base::str_eq(v, "0");
    } else if ((v = value_of(entry, "LDR_DEBUG")) != nullptr) {
      debug = v;
    } else if ((v = value_of(entry, "LDR_DEBUG_OUTPUT")) != nullptr) {
      debug_output = v;
    } else if ((v = value_of(entry, "LD_DEBUG")) != nullptr) {
      glibc_debug = v;
    } else if ((v = value_of(entry, "LD_DEBUG_OUTPUT")) != nullptr) {
      glibc_debug_output = v;
    } else if ((v = value_of(entry, "LD_TRACE_LOADED_OBJECTS")) != nullptr) {
      // Any value, even empty, as glibc; above 1 the program is listed too.
      if (o.mode == Mode::kRun) o.mode = Mode::kTrace;
      o.trace_program = base::glibc_strtoul(v) > 1;
    } else if ((v = value_of(entry, "LD_WARN")) != nullptr) {
      o.warn = v[0] != '\0';
    } else if ((v = value_of(entry, "LD_BIND_NOW")) != nullptr) {
      o.bind_now = v[0] != '\0';
    } else if (value_of(entry, "LD_DYNAMIC_WEAK") != nullptr) {
      g_dynamic_weak = true;  // any value, even empty (glibc's process_envvars)
    } else if ((v = value_of(entry, "LD_VERBOSE")) != nullptr) {
      o.verbose = v[0] != '\0';
    }
  }
  *out = nullptr;
  // A shorter environment: move the auxiliary vector down behind it, since
  // programs find auxv by scanning past envp's terminator.
  auto* new_auxv = reinterpret_cast<uint64_t*>(out + 1);
  if (new_auxv != s.auxv) {
    uint64_t* a = s.auxv;
    uint64_t* d = new_auxv;
    do {
      d[0] = a[0];
      d[1] = a[1];
      d += 2;
      a += 2;
    } while (d[-2] != elf::AT_NULL);
    s.auxv = new_auxv;
  }
  // glibc's LD_DEBUG (a drop-in ld.so honours it) unless ldr's own is set.
  if (debug != nullptr) {
    diag::g_trace.mask = diag::parse_categories(debug, "LDR_DEBUG");
  } else if (glibc_debug != nullptr) {
    diag::g_trace.mask = diag::parse_categories(glibc_debug, "LD_DEBUG");
    debug_output = glibc_debug_output;
  }
  // The PID prefix and the output file only matter when something is traced.
  if (diag::g_trace.mask != 0) diag::open_trace_output(debug_output);
}

}  // namespace ldr
