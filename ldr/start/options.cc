// SPDX-License-Identifier: MIT
// Option parsing and the --help/--version texts.
#include "start/options.h"

#include "base/fmt.h"
#include "base/mem.h"
#include "base/sys.h"
#include "interpose/interpose.h"
#include "ldr_config.h"
#include "personality/personality.h"
#include "runtime.h"
#include "search/hwcaps.h"

namespace ldr {

namespace {

[[noreturn]] void usage_error(const char* self, const char* what, const char* arg) {
  {
    base::FdWriter w(2);
    w.str(self).str(": ").str(what);
    if (arg != nullptr) w.str(" '").str(arg).ch('\'');
    w.str("\nTry '").str(self).str(" --help' for more information.\n");
  }
  base::sys_exit_group(1);
}

// "ldr: --interpose 'x': missing '=' between symbol and library", status 1.
[[noreturn]] void rule_error(const char* self, const char* option, const char* arg, const char* why) {
  {
    base::FdWriter w(2);
    w.str(self).str(": ").str(option).str(" '").str(arg).str("': ").str(why);
    w.str("\nTry '").str(self).str(" --help' for more information.\n");
  }
  base::sys_exit_group(1);
}

// glibc's print_hwcap_1: " (label" first, ", label" after, when on.
void hwcap_label(base::FdWriter& w, bool* first, bool on, const char* label) {
  if (!on) return;
  w.str(*first ? " (" : ", ").str(label);
  *first = false;
}

// glibc's help section on glibc-hwcaps subdirectories (elf/dl-usage.c):
// the prepended names, then every built-in with what applies to it.
void print_hwcaps_subdirectories(base::FdWriter& w, Runtime& rt) {
  const Options& o = rt.options;
  w.str("\nSubdirectories of glibc-hwcaps directories, in priority order:\n");
  search::for_each_hwcaps_name(o.glibc_hwcaps_prepend, [&](const char* name, uint32_t len) {
    w.str("  ").str(name, len).str(" (searched)\n");
  });
  for (size_t i = 0; i < 3; ++i) {
    const char* name = search::kBuiltinHwcaps[i];
    bool supported = libc_hwcaps_level_active(rt, search::kBuiltinHwcapsLevel[i]);
    bool listed = search::hwcaps_list_contains(o.glibc_hwcaps_mask, name, search::kBuiltinHwcapsLength);
    bool first = true;
    w.str("  ").str(name);
    hwcap_label(w, &first, supported, "supported");
    hwcap_label(w, &first, !listed, "masked");
    hwcap_label(w, &first, supported && listed, "searched");
    w.str(first ? "\n" : ")\n");
  }
}

[[noreturn]] void print_help(Runtime& rt, const char* self) {
  {
    base::FdWriter w(1);
    w.str("Usage: ").str(self).str(" [OPTION]... EXECUTABLE-FILE [ARGS-FOR-PROGRAM...]\n");
    w.str("You have invoked 'ldr', a program interpreter for dynamically-linked\n"
          "ELF programs.  Usually, the program interpreter is invoked automatically\n"
          "when a dynamically-linked executable is started.\n\n"
          "You may invoke the program interpreter program directly from the command\n"
          "line to load and run an ELF executable file; this is like executing that\n"
          "file itself, but always uses the program interpreter you invoked,\n"
          "instead of the program interpreter specified in the executable file you\n"
          "run.  Invoking the program interpreter directly provides access to\n"
          "additional diagnostics, and changing the dynamic linker behavior without\n"
          "setting environment variables (which would be inherited by subprocesses).\n\n"
          "  --list                list all dependencies and how they are resolved\n"
          "  --verify              verify that given object really is a dynamically linked\n"
          "                        object we can handle\n"
          "  --inhibit-cache       Do not use the library search cache\n"
          "  --cache FILE          use FILE as the library search cache\n"
          "  --bind-cache DIR      bind from (and write) the closure's answers in DIR\n"
          "  --system-bind-cache DIR  read the system's bind cache from DIR (\"\": none)\n"
          "  --library-path PATH   use given PATH instead of content of the environment\n"
          "                        variable LD_LIBRARY_PATH\n"
          "  --glibc-hwcaps-prepend LIST\n"
          "                        search glibc-hwcaps subdirectories in LIST\n"
          "  --glibc-hwcaps-mask LIST\n"
          "                        only search built-in subdirectories if in LIST\n"
          "  --inhibit-rpath LIST  ignore RUNPATH and RPATH information in object names\n"
          "                        in LIST\n"
          "  --audit LIST          use objects named in LIST as auditors (not supported:\n"
          "                        each is reported and ignored)\n"
          "  --preload LIST        preload objects named in LIST\n"
          "  --argv0 STRING        set argv[0] to STRING before running\n"
          "  --interpose SYMBOL[@VERSION]=LIB[:REPLACEMENT]\n"
          "                        bind every reference to SYMBOL to REPLACEMENT in LIB\n"
          "  --interpose-in OBJECTS  limit the preceding --interpose to the references\n"
          "                        made by OBJECTS (comma-separated names)\n"
          "  --interpose-optional RULE  like --interpose, but only warn when it cannot apply\n"
          "  --manifest FILE       read preload and interpose rules from FILE\n"
          "  --list-tunables       list all tunables with minimum and maximum values\n"
          "  --list-diagnostics    list diagnostics information\n"
          "  --help                display this help and exit\n"
          "  --version             output version information and exit\n\n");
    w.str("This program interpreter self-identifies as: ").str(LDR_INSTALL_PATH).str("\n\n");
    w.str("Shared library search path:\n");
    w.str("  (libraries located via ").str(LDR_CACHE_PATH).str(")\n");
    const char* p = LDR_SYSTEM_DIRS;
    while (*p != '\0') {
      const char* s = p;
      while (*p != '\0' && *p != ':') ++p;
      size_t n = static_cast<size_t>(p - s);
      while (n > 1 && s[n - 1] == '/') --n;
      w.str("  ").str(s, n).str(" (system search path)\n");
      if (*p == ':') ++p;
    }
    print_hwcaps_subdirectories(w, rt);
    w.str("\nSymbol bindings of the programs ldr-cache --bind listed:\n  ").str(LDR_BIND_DIR)
        .str(" (system bind cache)\n");
  }
  base::sys_exit_group(0);
}

// "a:b" from a (or nullptr) and b: glibc takes every --audit option. On
// allocation failure, the earlier lists.
const char* join_lists(Runtime& rt, const char* a, const char* b) {
  if (a == nullptr) return b;
  size_t na = base::str_len(a), nb = base::str_len(b);
  char* s = rt.arena.make_array<char>(na + nb + 2);
  if (s == nullptr) return a;
  __builtin_memcpy(s, a, na);
  s[na] = ':';
  __builtin_memcpy(s + na + 1, b, nb + 1);
  return s;
}

[[noreturn]] void print_version() {
  {
    base::FdWriter w(1);
    w.str("ldr (x86-64 dynamic loader) version ").str(LDR_VERSION_STRING).str(".\n");
  }
  base::sys_exit_group(0);
}

}  // namespace

int parse_options(Runtime& rt) {
  char** argv = rt.startup.argv;
  int argc = rt.startup.argc;
  const char* self = argc > 0 && argv[0] != nullptr ? argv[0] : "ldr";
  Options& o = rt.options;
  int i = 1;
  bool help = false;
  auto value = [&](const char* opt) -> const char* {
    if (i + 1 >= argc) usage_error(self, "option requires an argument --", opt + 2);
    return argv[++i];
  };
  for (; i < argc; ++i) {
    const char* a = argv[i];
    if (a[0] != '-' || a[1] != '-') break;
    if (base::str_eq(a, "--")) {
      ++i;
      break;
    }
    if (base::str_eq(a, "--list")) o.mode = Mode::kList;
    else if (base::str_eq(a, "--verify")) o.mode = Mode::kVerify;
    else if (base::str_eq(a, "--list-tunables")) o.mode = Mode::kListTunables;  // the last list option wins
    else if (base::str_eq(a, "--list-diagnostics")) o.mode = Mode::kListDiagnostics;
    else if (base::str_eq(a, "--inhibit-cache")) o.inhibit_cache = true;
    else if (base::str_eq(a, "--cache")) o.cache_path = value(a);
    else if (base::str_eq(a, "--bind-cache")) o.bind_cache = value(a);
    else if (base::str_eq(a, "--system-bind-cache")) o.system_bind_cache = value(a);
    else if (base::str_eq(a, "--library-path")) o.library_path = value(a);
    else if (base::str_eq(a, "--inhibit-rpath")) o.inhibit_rpath = value(a);
    else if (base::str_eq(a, "--glibc-hwcaps-prepend")) o.glibc_hwcaps_prepend = value(a);
    else if (base::str_eq(a, "--glibc-hwcaps-mask")) o.glibc_hwcaps_mask = value(a);
    else if (base::str_eq(a, "--preload")) o.preload = value(a);
    else if (base::str_eq(a, "--audit")) o.audit = join_lists(rt, o.audit, value(a));
    else if (base::str_eq(a, "--argv0")) o.argv0 = value(a);
    else if (base::str_eq(a, "--interpose") || base::str_eq(a, "--interpose-optional")) {
      bool optional = a[11] == '-';
      if (const char* e = interpose::add_rule(rt, value(a), optional, "--interpose"))
        rule_error(self, a, argv[i], e);
    } else if (base::str_eq(a, "--interpose-in")) {
      if (const char* e = interpose::limit_last_rule(rt, value(a))) rule_error(self, a, argv[i], e);
    } else if (base::str_eq(a, "--manifest")) o.manifest = value(a);
    else if (base::str_eq(a, "--help")) help = true;  // after every option, as glibc
    else if (base::str_eq(a, "--version")) print_version();
    else usage_error(self, "unrecognized option", a);
  }
  // glibc prints tunables or diagnostics before help, and help before it
  // asks for a program.
  if (help && o.mode != Mode::kListTunables && o.mode != Mode::kListDiagnostics) print_help(rt, self);
  if (i >= argc && o.mode != Mode::kListTunables && o.mode != Mode::kListDiagnostics)
    usage_error(self, "missing program name", nullptr);
  return i;
}

}  // namespace ldr
