#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Reads _rtld_global, _rtld_global_ro, the main thread's struct pthread and
# libc's link_map with gdb at main (types from libc6-dbg), once with glibc's
# ld.so as interpreter and once with ldr, and requires equal values.
# Usage: check_rtld_global.py LDR PROGRAM
import os
import shutil
import subprocess
import sys
import tempfile

ldr, program = sys.argv[1:3]
RO = "((struct rtld_global_ro *) &_rtld_global_ro)"
G = "((struct rtld_global *) &_rtld_global)"
PD = "((struct pthread *) $fs_base)"
LIBC = f"{G}->_dl_ns[0]._ns_loaded->l_next->l_next"  # main, vDSO, libc
EXPRESSIONS = [
    f"{RO}->_dl_pagesize", f"{RO}->_dl_minsigstacksize", f"{RO}->_dl_clktck",
    f"{RO}->_dl_fpu_control", f"{RO}->_dl_hwcap", f"{RO}->_dl_hwcap2",
    f"{RO}->_dl_platformlen", f"*{RO}->_dl_platform@{RO}->_dl_platformlen",
    f"{RO}->_dl_tls_static_size", f"{RO}->_dl_tls_static_align", f"{RO}->_dl_tls_static_surplus",
    # _dl_lazy is left out on purpose: ldr binds eagerly and says so (0).
    f"{RO}->_dl_dso_sort_algo", f"{RO}->_dl_naudit",
    f"{RO}->_dl_init_all_dirs != 0", f"{RO}->_dl_vdso_clock_gettime64 != 0",
    f"{RO}->_dl_vdso_time != 0", f"{RO}->_dl_auxv != 0",
    f"{RO}->_dl_x86_cpu_features.basic", f"{RO}->_dl_x86_cpu_features.isa_1",
    f"{RO}->_dl_x86_cpu_features.preferred",
    # Leaf 1's EBX holds the APIC id of the CPU that ran CPUID: compare the rest.
    f"{RO}->_dl_x86_cpu_features.features[0].cpuid.eax",
    f"{RO}->_dl_x86_cpu_features.features[0].cpuid.ecx",
    f"{RO}->_dl_x86_cpu_features.features[0].cpuid.edx",
    f"{RO}->_dl_x86_cpu_features.features[0].active",
    *[f"{RO}->_dl_x86_cpu_features.features[{i}]" for i in range(1, 9)],
    f"{RO}->_dl_x86_cpu_features.non_temporal_threshold",
    f"{RO}->_dl_x86_cpu_features.rep_movsb_threshold",
    f"{RO}->_dl_x86_cpu_features.data_cache_size",
    f"{RO}->_dl_x86_cpu_features.shared_cache_size",
    f"{G}->_dl_nns", f"{G}->_dl_ns[0]._ns_nloaded", f"{G}->_dl_load_adds",
    f"{G}->_dl_stack_flags", f"{G}->_dl_tls_max_dtv_idx", f"{G}->_dl_tls_static_nelem",
    f"{G}->_dl_tls_static_used", f"{G}->_dl_tls_static_optional", f"{G}->_dl_tls_generation",
    f"{G}->_dl_load_lock.mutex.__data.__kind", f"{G}->_dl_load_write_lock.mutex.__data.__kind",
    f"{G}->_dl_stack_user.next == &{PD}->list", f"{G}->_dl_stack_used.next == &{G}->_dl_stack_used",
    f"{G}->_dl_initial_dtv == {PD}->header.dtv",
    f"{G}->_dl_tls_dtv_slotinfo_list->slotinfo[1].map == {LIBC}",
    f"{PD}->header.self == {PD}", f"{PD}->tid == $_inferior_thread_count * 0 + {PD}->tid",
    f"{PD}->tid > 0", f"{PD}->user_stack", f"{PD}->specific[0] == {PD}->specific_1stblock",
    f"{PD}->robust_head.futex_offset", f"{PD}->rseq_area.cpu_id >= 0",
    "*(unsigned int *) &__rseq_size", "*(long *) &__rseq_offset",
    "*(unsigned int *) &__rseq_flags", "*(int *) &__libc_enable_secure",
    f"{LIBC}->l_name", f"{LIBC}->l_tls_modid", f"{LIBC}->l_tls_offset", f"{LIBC}->l_tls_blocksize",
    f"{LIBC}->l_tls_align", f"{LIBC}->l_relocated", f"{LIBC}->l_init_called", f"{LIBC}->l_type",
    f"{LIBC}->l_real == {LIBC}", f"{LIBC}->l_contiguous", f"{LIBC}->l_nbuckets",
    f"{LIBC}->l_libname->name", f"{G}->_dl_ns[0]._ns_loaded->l_name",
    f"{G}->_dl_ns[0]._ns_loaded->l_type", f"{G}->_dl_ns[0]._ns_loaded->l_main_map",
]


def read_values(prog):
    script = ["set debuginfod enabled off", "set print pretty off", "set print address off",
              "break main", "run"] + [f"output {e}\necho \\n" for e in EXPRESSIONS] + ["kill"]
    with tempfile.NamedTemporaryFile("w", suffix=".gdb", delete=False) as f:
        f.write("\n".join(script) + "\n")
    try:
        out = subprocess.run(["gdb", "-nx", "-q", "-batch", "-x", f.name, prog],
                             capture_output=True, text=True, timeout=120).stdout
    finally:
        os.unlink(f.name)
    lines = out.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("Breakpoint 1, main"))
    return lines[start + 2:start + 2 + len(EXPRESSIONS)]


with tempfile.TemporaryDirectory() as tmp:
    copy = os.path.join(tmp, "gdb_main")
    shutil.copy(program, copy)
    subprocess.run(["patchelf", "--set-interpreter", os.path.realpath(ldr), copy], check=True)
    glibc_values = read_values(program)
    ldr_values = read_values(copy)
bad = [(e, g, l) for e, g, l in zip(EXPRESSIONS, glibc_values, ldr_values) if g != l]
if len(glibc_values) != len(EXPRESSIONS) or len(ldr_values) != len(EXPRESSIONS) or bad:
    for e, g, l in bad:
        print(f"FAIL {e}\n  glibc: {g}\n  ldr:   {l}")
    print(f"read {len(glibc_values)} (glibc) and {len(ldr_values)} (ldr) of {len(EXPRESSIONS)} values")
    sys.exit(1)
print(f"ok: {len(EXPRESSIONS)} values of _rtld_global, _rtld_global_ro, struct pthread and "
      "libc's link_map equal glibc's")
