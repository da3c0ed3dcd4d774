// SPDX-License-Identifier: MIT
// The start-up driver: one call per phase, in glibc 2.36's order
// (docs/design.md "Start-up"). Runs after self-relocation; may use globals.
#include "base/fmt.h"
#include "base/mem.h"
#include "base/sys.h"
#include "bind/bind.h"
#include "debug/debugger.h"
#include "diag/diag.h"
#include "diag/trace.h"
#include "dl/scope_trace.h"
#include "init/run.h"
#include "interpose/interpose.h"
#include "ldr_config.h"
#include "map/map.h"
#include "module/load.h"
#include "personality/personality.h"
#include "reloc/relocate.h"
#include "runtime.h"
#include "search/search.h"
#include "start/audit.h"
#include "start/direct_exec.h"
#include "start/list.h"
#include "start/options.h"
#include "start/show_auxv.h"
#include "start/startup.h"
#include "start/stats.h"
#include "symbol/version.h"
#include "tls/tcb.h"

extern "C" {
extern const ldr::elf::Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));
void _start();
}

namespace ldr {

namespace {

Runtime g_runtime;  // the one instance (runtime.h)

struct Handoff {
  uintptr_t entry;
  uintptr_t* sp;
};

[[noreturn]] void fail(const Runtime& rt, const Diag& diag) {
  if (rt.options.mode == Mode::kVerify) base::sys_exit_group(1);
  die(rt.progname, diag);
}

// ldr itself, described from its own headers in memory.
Module* make_self_module(Runtime& rt, Diag& diag) {
  Module* m = rt.arena.make<Module>();
  if (m == nullptr) return nullptr;
  uintptr_t base = reinterpret_cast<uintptr_t>(&__ehdr_start);
  const auto* phdr = reinterpret_cast<const elf::Elf64_Phdr*>(base + __ehdr_start.e_phoff);
  m->kind = ModuleKind::kLoader;
  describe_segments(m, base, phdr, __ehdr_start.e_phnum, rt.startup.page_size);
  m->map_start = base;
  if (!decode_module(rt, diag, m)) return nullptr;
  m->name = m->path = "ld-linux-x86-64.so.2";
  rt.self = m;
  return m;
}

// The vDSO the kernel mapped, listed like glibc's "linux-vdso.so.1". Out of
// line: its throw-away Diag (1.5 KiB) would otherwise sit in ldr_main's frame,
// above the deepest start-up call chain, and push it onto another stack page.
[[gnu::noinline]] void add_vdso(Runtime& rt) {
  uintptr_t ehdr_addr = rt.startup.at_sysinfo_ehdr;
  if (ehdr_addr == 0) return;
  const auto* eh = reinterpret_cast<const elf::Elf64_Ehdr*>(ehdr_addr);
  bool skippable;
  if (elf::check_ehdr(reinterpret_cast<const unsigned char*>(eh), sizeof *eh, &skippable) != nullptr)
    return;
  const auto* phdr = reinterpret_cast<const elf::Elf64_Phdr*>(ehdr_addr + eh->e_phoff);
  uint64_t first_vaddr = 0;
  for (uint16_t i = 0; i < eh->e_phnum; ++i) {
    if (phdr[i].p_type == elf::PT_LOAD) {
      first_vaddr = phdr[i].p_vaddr - phdr[i].p_offset;
      break;
    }
  }
  Module* m = rt.arena.make<Module>();
  if (m == nullptr) return;
  m->kind = ModuleKind::kVdso;
  describe_segments(m, ehdr_addr - first_vaddr, phdr, eh->e_phnum, rt.startup.page_size);
  m->map_start = ehdr_addr;
  Diag ignored;
  if (!decode_module(rt, ignored, m)) return;
  m->name = m->path = m->dyn.soname != nullptr ? m->dyn.soname : "linux-vdso.so.1";
  append_module(rt, m);
  rt.vdso = m;
}

// The executable the kernel mapped (PT_INTERP start).
Module* describe_kernel_main(Runtime& rt, Diag& diag) {
  Module* m = rt.arena.make<Module>();
  if (m == nullptr) return nullptr;
  const auto* phdr = reinterpret_cast<const elf::Elf64_Phdr*>(rt.startup.at_phdr);
  uint16_t phnum = static_cast<uint16_t>(rt.startup.at_phnum);
  uintptr_t bias = 0;
  for (uint16_t i = 0; i < phnum; ++i)
    if (phdr[i].p_type == elf::PT_PHDR) bias = rt.startup.at_phdr - phdr[i].p_vaddr;
  m->kind = ModuleKind::kExecutable;
  describe_segments(m, bias, phdr, phnum, rt.startup.page_size);
  m->map_start = bias + m->image.lo;
  m->entry = rt.startup.at_entry;
  m->name = rt.progname;
  m->path = "";
  // The kernel checks little of e_ident (not the class, data encoding, OS
  // ABI) and nothing of segment order or overlap: check the mapped header and
  // the program headers as for any other object (the file size is unknown).
  elf::Elf64_Ehdr eh{};
  for (uint16_t i = 0; i < phnum; ++i) {
    const elf::Elf64_Phdr& p = phdr[i];
    if (p.p_type != elf::PT_LOAD || p.p_offset != 0 || p.p_filesz < sizeof(elf::Elf64_Ehdr)) continue;
    const auto* bytes = reinterpret_cast<const unsigned char*>(bias + p.p_vaddr);
    bool skippable;
    if (const char* e = elf::check_ehdr(bytes, sizeof eh, &skippable)) {
      diag.fail(kOccasionLoad, rt.progname, {e});
      return nullptr;
    }
    __builtin_memcpy(&eh, bytes, sizeof eh);
    break;
  }
  eh.e_phnum = phnum;
  elf::LoadPlan plan;
  if (const char* e = elf::plan_load(eh, phdr, ~uint64_t{0}, rt.startup.page_size, &plan)) {
    diag.fail(kOccasionLoad, rt.progname, {e});
    return nullptr;
  }
  if (plan.dynamic < 0 && eh.e_type == elf::ET_DYN) {
    diag.fail(kOccasionLoad, rt.progname, {"object file has no dynamic section"});
    return nullptr;
  }
  if (!decode_module(rt, diag, m)) return nullptr;
  return m;
}

// Whether the program's entry lies in one of its executable segments: a
// shared library run as a program has e_entry 0 (its ELF header), and a
// jump there is a crash (glibc's ld.so takes it).
bool entry_is_executable(const Module& m) {
  for (uint16_t i = 0; i < m.phnum; ++i) {
    const elf::Elf64_Phdr& p = m.phdr[i];
    uint64_t lo = m.image.bias + p.p_vaddr;
    if (p.p_type == elf::PT_LOAD && (p.p_flags & elf::PF_X) != 0 && m.entry >= lo && m.entry - lo < p.p_memsz)
      return true;
  }
  return false;
}

// A program about to run whose entry is not executable: one line, 127.
void refuse_bad_entry(Runtime& rt, Diag& diag, const Module& m) {
  if (rt.options.mode != Mode::kRun || entry_is_executable(m)) return;
  diag.fail(kOccasionLoad, rt.progname, {"cannot execute: the entry point is not in an executable segment"});
  fail(rt, diag);
}

// `ldr PROGRAM`: open and map the program ourselves, then fix up the stack.
Module* load_direct_main(Runtime& rt, Diag& diag, uintptr_t** sp, int program_index) {
  const char* path = rt.startup.argv[program_index];
  rt.progname = path;
  OpenedFile f;
  if (!find_object(rt, diag, path, nullptr, &f)) fail(rt, diag);
  Module* m = rt.arena.make<Module>();
  if (m == nullptr) return nullptr;
  m->kind = ModuleKind::kExecutable;
  bool ok = map_object(rt, diag, f, m);
  bool has_interp = f.plan.interp >= 0;
  bool has_dynamic = f.plan.dynamic >= 0;
  close_object(&f);
  if (!ok) fail(rt, diag);
  if (rt.options.mode == Mode::kVerify) base::sys_exit_group(!has_dynamic ? 1 : has_interp ? 0 : 2);
  if (!has_dynamic && f.plan.e_type == elf::ET_DYN) {  // glibc: even a static PIE has one
    diag.fail(kOccasionLoad, path, {"object file has no dynamic section"});
    fail(rt, diag);
  }
  *sp = drop_loader_arguments(rt, *sp, program_index);
  m->origin = origin_of_path(rt, f.path);
  if (rt.options.argv0 != nullptr) {
    rt.startup.argv[0] = const_cast<char*>(rt.options.argv0);
    rt.progname = rt.options.argv0;
  }
  m->name = rt.progname;
  m->path = "";
  if (!decode_module(rt, diag, m)) fail(rt, diag);
  trace_generated_link_map(path, *m);
  // One the kernel would run (chain-loaded below) must have an entry to run.
  if (m->dyn.needed_count == 0 && !has_interp) refuse_bad_entry(rt, diag, *m);
  if (rt.options.mode == Mode::kRun) chain_load_if_not_dynamic(rt, *m, path, has_interp);
  rewrite_auxv(rt, *m, path);
  if (has_interp) {
    // glibc names itself after the program's PT_INTERP.
    for (uint16_t i = 0; i < m->phnum; ++i)
      if (m->phdr[i].p_type == elf::PT_INTERP)
        rt.self->name = rt.self->path = reinterpret_cast<const char*>(m->image.bias + m->phdr[i].p_vaddr);
  }
  return m;
}

void name_self_after_interp(Runtime& rt, const Module& main) {
  for (uint16_t i = 0; i < main.phnum; ++i) {
    const elf::Elf64_Phdr& p = main.phdr[i];
    if (p.p_type == elf::PT_INTERP && main.image.contains(p.p_vaddr, p.p_filesz) && p.p_filesz > 0) {
      const char* s = reinterpret_cast<const char*>(main.image.bias + p.p_vaddr);
      if (s[p.p_filesz - 1] == '\0') rt.self->name = rt.self->path = s;
    }
  }
}

// LDR_DEBUG=scopes: each object's lookup scope, in glibc's shape.
void trace_scopes(const Runtime& rt) {
  diag::TraceLine();
  diag::TraceLine().str("Initial object scopes");
  for (const Module* m = rt.first; m != nullptr; m = m->next)
    if (!m->missing) trace_object_scopes(rt, *m);
}

// The kernel made the stack executable only if the program's PT_GNU_STACK
// (ldr's, when invoked directly) asked for it; a library may ask too.
bool honour_stack_flags(Runtime& rt, uintptr_t* sp, Diag& diag) {
  bool stack_is_exec = !rt.options.direct && (rt.main->stack_flags & elf::PF_X) != 0;
  for (Module* m = rt.first; m != nullptr && !stack_is_exec; m = m->next) {
    if (m->missing || m->kind == ModuleKind::kVdso || (m->stack_flags & elf::PF_X) == 0) continue;
    if (!make_stack_executable(reinterpret_cast<uintptr_t>(sp), rt.startup.page_size)) {
      diag.fail(kOccasionLoad, m->display_name(), {"cannot enable executable stack as shared object requires"});
      return false;
    }
    stack_is_exec = true;
  }
  rt.stack_executable = stack_is_exec;
  return true;
}

}  // namespace

Runtime& runtime() { return g_runtime; }

}  // namespace ldr

using namespace ldr;

extern "C" Handoff ldr_main(uintptr_t* sp) {
  Runtime& rt = runtime();
  Diag diag;
  // Phase 1: what the kernel handed over.
  read_initial_stack(rt, sp);
  // glibc's process_envvars shows auxv before it reads any option.
  if (!rt.startup.secure) show_auxv_if_asked(rt.startup.envp, rt.startup.auxv);
  rt.options.direct = rt.startup.at_entry == reinterpret_cast<uintptr_t>(&_start);
  int program_index = rt.options.direct ? parse_options(rt) : 0;
  read_environment(rt);
  // glibc prints these before any program is looked at.
  if (rt.options.mode == Mode::kListTunables) {
    print_libc_tunables(rt);
    base::sys_exit_group(0);
  }
  if (rt.options.mode == Mode::kListDiagnostics) {
    print_libc_diagnostics(rt);
    base::sys_exit_group(0);
  }
  stamp(&rt.stats.ns_start);
  rt.progname = rt.startup.argv[0] != nullptr ? rt.startup.argv[0] : "ldr";
  if (make_self_module(rt, diag) == nullptr) fail(rt, diag);

  // Phase 2: the executable.
  Module* main = rt.options.direct ? load_direct_main(rt, diag, &sp, program_index)
                                   : describe_kernel_main(rt, diag);
  if (main == nullptr) fail(rt, diag);
  if (!rt.options.direct) name_self_after_interp(rt, *main);
  append_module(rt, main);
  rt.main = main;
  main->open_count = 1;  // glibc's main map starts with a direct open count of 1 (dlopen(NULL) adds)
  add_vdso(rt);

  // Phase 3: interposition manifests, preloads, the DT_NEEDED closure, the
  // interposers' libraries, then version checks.
  report_audit_modules(rt);  // glibc loads audit modules before anything else
  if ((rt.options.manifest != nullptr && !interpose::read_manifest_file(rt, diag, rt.options.manifest)) ||
      !interpose::read_manifest_note(rt, diag, *main))
    fail(rt, diag);
  if (!load_preloads(rt, diag, rt.options.env_preload, "LD_PRELOAD") ||
      !load_preloads(rt, diag, rt.options.preload, "--preload") ||
      !load_preload_file(rt, diag, LDR_PRELOAD_FILE) ||
      (rt.interpose != nullptr && !load_preloads(rt, diag, rt.interpose->preload, "manifest")) ||
      !load_closure(rt, diag) || !interpose::load_libraries(rt, diag))
    fail(rt, diag);
  // glibc checks every object's versions and reports every problem; a
  // missing one ends a run (status 127 here, glibc's 1), not a listing.
  bool versions_ok = true;
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (!m->missing && m->kind != ModuleKind::kVdso && !check_versions(rt, diag, m, true)) versions_ok = false;
  if (!versions_ok && rt.options.mode != Mode::kList && rt.options.mode != Mode::kTrace)
    base::sys_exit_group(rt.options.mode == Mode::kVerify ? 1 : 127);
  stamp(&rt.stats.ns_loaded);
  if (!honour_stack_flags(rt, sp, diag)) fail(rt, diag);
  if (diag::tracing(diag::kTraceScopes)) trace_scopes(rt);
  // ldd -r (LD_TRACE_LOADED_OBJECTS with LD_WARN): the list, then relocation
  // reporting undefined symbols, then exit before any initializer (glibc's
  // trace mode; the benchmarks' "load and relocate" stop point).
  if (rt.options.mode == Mode::kList || rt.options.mode == Mode::kTrace) {
    if (diag::tracing(diag::kTraceUnused)) base::sys_exit_group(print_unused_dependencies(rt) ? 1 : 0);
    print_dependency_list(rt);
    if (!relocates(rt.options)) {
      // Only LD_TRACE_LOADED_OBJECTS's listing has it (glibc: not --list).
      if (rt.options.verbose && rt.options.mode == Mode::kTrace) print_version_information(rt);
      base::sys_exit_group(0);
    }
  }

  // Phase 4: the personality, link maps for debuggers, static TLS.
  rt.personality = &select_personality(rt);
  if (!publish_link_maps(rt)) {
    diag.fail(kOccasionLoad, nullptr, {"cannot allocate link maps"});
    fail(rt, diag);
  }
  notify_startup_loading(rt);
  if (!rt.personality->after_load(rt, diag) || !setup_static_tls(rt, diag)) fail(rt, diag);

  // Phase 5: relocation in initialization order; then TLS images.
  stamp(&rt.stats.ns_setup);
  if (!compute_init_order(rt, diag)) fail(rt, diag);
  bind::prepare(rt);
  if (!relocate_all(rt, diag) || !interpose::check_uses(rt, diag)) fail(rt, diag);
  bind::finish(rt);
  stamp(&rt.stats.ns_relocated);
  if (rt.options.mode == Mode::kTrace) {  // ldd -r: relocated, reported, done
    if (rt.options.verbose) print_version_information(rt);
    if (diag::tracing(diag::kTraceStatistics)) print_statistics(rt);
    base::sys_exit_group(0);
  }
  // After ldd -r's exit, as glibc's _dl_allocate_tls_init: the listing needs
  // no TLS images, and copying them touches pages nothing else would.
  init_static_tls_images(rt);

  // Phase 6: hand-over to the libc personality, debugger consistent. A
  // program without an entry to jump to stops here, its load errors said.
  refuse_bad_entry(rt, diag, *main);
  if (!rt.personality->before_init(rt, diag)) fail(rt, diag);
  // ldr's own RELRO (its GOT, _rtld_global_ro, __rseq_*) is final now.
  protect_relro(*rt.self, rt.startup.page_size);
  notify_debugger(rt, kRtConsistent);
  if (diag::tracing(diag::kTraceStatistics)) print_statistics(rt);

  // Phase 7: initializers, then the program's entry.
  run_initializers(rt);
  // A libc announces this itself (glibc: with DL_DEBUG_IMPCALLS).
  if (diag::tracing(diag::kTraceLibs) && rt.personality->runs_executable_init) {
    diag::TraceLine();
    diag::TraceLine().str("transferring control: ").str(main->display_name());
    diag::TraceLine();
  }
  return Handoff{main->entry, sp};
}
