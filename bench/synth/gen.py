#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Generates a synthetic relocation workload: N shared libraries in a DAG
# (lib i needs lib i+1 and the D libraries it references most, all of higher
# index; its other references resolve through the global scope) and `prog`, a glibc program with a DT_NEEDED entry for each (so the global
# scope is N long). Per library: S exported functions with C++-mangled names
# of 16 to 120 characters, R symbolic references split between R_X86_64_64
# (pointer tables), GLOB_DAT (addresses taken) and JUMP_SLOT (calls), and K
# RELATIVE relocations (a table of pointers into a local array; packed into
# DT_RELR with --relr). References are Zipf-skewed: most go to the last
# libraries of the scope (as to libc or libstdc++) and to their first
# symbols. Optional cases: TLS (DTPMOD64/DTPOFF64), IFUNC (JUMP_SLOT to an
# IFUNC symbol, IRELATIVE) and COPY (the program reads library data).
# Deterministic for a given seed and compiler. Writes only under OUTDIR:
# OUTDIR/prog, OUTDIR/lib/libsNNN.so, OUTDIR/src/, and OUTDIR/workload.json
# (parameters and the relocation counts read back from the built objects).
# Must not depend on ldr: the programs run under either loader.
# Usage: gen.py OUTDIR [--libs N] [--syms S] [--refs R] [--relative K] [--relr]
#        [--deps D] [--mix ABS64:GOT:PLT] [--name-min L] [--name-max L] [--zipf A]
#        [--tls] [--ifunc] [--copy] [--seed N] [--cc CC] [--jobs J]
import argparse
import bisect
import concurrent.futures
import json
import math
import os
import random
import struct
import subprocess
import sys

WORDS = ["detail", "impl", "basic_string", "vector", "allocator", "char_traits", "llvm", "clang",
         "widget", "layout", "render", "node", "visitor", "iterator", "traits", "handle", "buffer",
         "stream", "parser", "token", "scope", "module", "context", "manager", "factory", "policy",
         "shared_ptr", "unique_ptr", "optional", "variant", "map", "tree", "graph", "cache"]
PARAMS = ["v", "i", "PKc", "RKS_", "Pv", "m", "RKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE",
          "ii", "PS_", "b"]


def mangled(rng, lib, idx, target):
    """A name shaped like _ZN<len><id>...E<params>, about `target` characters."""
    head = "_ZN5synth" + f"{len(f'l{lib}')}l{lib}"
    uniq = f"f{idx}"
    tail = f"{len(uniq)}{uniq}E" + rng.choice(PARAMS)
    parts = []
    room = target - len(head) - len(tail)
    while room >= 4:
        w = rng.choice(WORDS)
        if len(w) + len(str(len(w))) > room:
            w = w[:max(1, room - 2)]
        parts.append(f"{len(w)}{w}")
        room -= len(parts[-1])
    return head + "".join(parts) + tail


class Zipf:
    """Ranks 0..n-1 with weight 1/(rank+1)^a."""

    def __init__(self, n, a):
        acc, self.cum = 0.0, []
        for r in range(n):
            acc += 1.0 / (r + 1) ** a
            self.cum.append(acc)

    def draw(self, rng):
        return bisect.bisect_left(self.cum, rng.random() * self.cum[-1])


def parse_mix(text):
    w = [float(x) for x in text.split(":")]
    if len(w) != 3 or sum(w) <= 0:
        sys.exit("--mix wants ABS64:GOT:PLT weights, e.g. 5:1:4")
    return w


# ---- reading the relocation counts back from the built objects ----

DT_RELR, DT_RELRSZ = 36, 35
TYPES = {1: "R_X86_64_64", 5: "R_X86_64_COPY", 6: "R_X86_64_GLOB_DAT", 7: "R_X86_64_JUMP_SLOT",
         8: "R_X86_64_RELATIVE", 16: "R_X86_64_DTPMOD64", 17: "R_X86_64_DTPOFF64",
         18: "R_X86_64_TPOFF64", 37: "R_X86_64_IRELATIVE"}


def count_relocs(path):
    """{type name: count} from SHT_RELA sections, and RELR entries decoded."""
    data = open(path, "rb").read()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3a)
    counts = {}
    for i in range(shnum):
        _, sh_type, _, _, off, size, _, _, _, entsize = struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
        if sh_type == 4:  # SHT_RELA
            for k in range(size // 24):
                info, = struct.unpack_from("<Q", data, off + k * 24 + 8)
                name = TYPES.get(info & 0xffffffff, f"type {info & 0xffffffff}")
                counts[name] = counts.get(name, 0) + 1
        elif sh_type == 19:  # SHT_RELR
            n = 0
            for k in range(size // 8):
                e, = struct.unpack_from("<Q", data, off + k * 8)
                n += 1 if e & 1 == 0 else bin(e >> 1).count("1")
            counts["RELR"] = counts.get("RELR", 0) + n
    return counts


SYMBOLIC = ("R_X86_64_64", "R_X86_64_GLOB_DAT", "R_X86_64_JUMP_SLOT", "R_X86_64_COPY",
            "R_X86_64_DTPMOD64", "R_X86_64_DTPOFF64", "R_X86_64_TPOFF64")


def main():
    ap = argparse.ArgumentParser(description="generate a synthetic relocation workload")
    ap.add_argument("outdir")
    ap.add_argument("--libs", type=int, default=10, help="libraries (1 to 200+)")
    ap.add_argument("--syms", type=int, default=500, help="exported functions per library")
    ap.add_argument("--refs", type=int, default=1000, help="symbolic references per library")
    ap.add_argument("--relative", type=int, default=2000, help="RELATIVE relocations per library")
    ap.add_argument("--relr", action="store_true", help="link with -z pack-relative-relocs (DT_RELR)")
    ap.add_argument("--mix", default="5:1:4", help="weights of R_X86_64_64 : GLOB_DAT : JUMP_SLOT")
    ap.add_argument("--name-min", type=int, default=16)
    ap.add_argument("--name-max", type=int, default=120)
    ap.add_argument("--zipf", type=float, default=1.1, help="skew of library and symbol choice")
    ap.add_argument("--deps", type=int, default=8, help="DT_NEEDED entries per library besides the next one")
    ap.add_argument("--main-refs", type=int, default=200, help="symbolic references of the program")
    ap.add_argument("--tls", action="store_true", help="TLS variables and general-dynamic references")
    ap.add_argument("--ifunc", action="store_true", help="IFUNC definitions, references and IRELATIVE")
    ap.add_argument("--copy", action="store_true", help="library data read by the program (COPY)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    if a.libs < 1 or a.syms < 1 or not 16 <= a.name_min <= a.name_max:
        sys.exit("need --libs >= 1, --syms >= 1 and 16 <= --name-min <= --name-max")
    rng = random.Random(a.seed)
    mix = parse_mix(a.mix)
    out = os.path.realpath(a.outdir)
    src, libdir = os.path.join(out, "src"), os.path.join(out, "lib")
    os.makedirs(src, exist_ok=True)
    os.makedirs(libdir, exist_ok=True)
    n = a.libs

    # Names: log-uniform lengths (C++ names are mostly short, some very long).
    lo, hi = math.log(a.name_min), math.log(a.name_max)
    names = [[mangled(rng, i, k, int(round(math.exp(rng.uniform(lo, hi))))) for k in range(a.syms)]
             for i in range(n)]
    n_ifunc = max(1, a.syms // 50) if a.ifunc else 0  # the first symbols of a library are hot
    sym_zipf = Zipf(a.syms, a.zipf)

    lib_zipf_cache = {}

    def pick(first):
        """A (library, symbol) among libraries >= first, the last ones hottest."""
        z = lib_zipf_cache.get(first)
        if z is None:
            z = lib_zipf_cache[first] = Zipf(n - first, a.zipf)
        return n - 1 - z.draw(rng), sym_zipf.draw(rng)

    kinds = ["abs64", "got", "plt"]
    cum = [sum(mix[:k + 1]) for k in range(3)]

    def kind():
        return kinds[bisect.bisect_left(cum, rng.random() * cum[-1])]

    deps = []
    for i in range(n):
        lines = [f"/* generated by bench/synth/gen.py: library {i} of {n} (seed {a.seed}) */"]
        # Definitions: distinct bodies, so no two are folded.
        for k, s in enumerate(names[i]):
            if k < n_ifunc:
                lines.append(f"static long impl_{k}(void) {{ return {i * 100003 + k}; }}")
                lines.append(f"static long (*resolve_{k}(void))(void) {{ return impl_{k}; }}")
                lines.append(f"long {s}(void) __attribute__((ifunc(\"resolve_{k}\")));")
            else:
                lines.append(f"long {s}(void) {{ return {i * 100003 + k}; }}")
        if a.ifunc:  # a local IFUNC whose address is data: IRELATIVE
            lines.append("static long local_impl(void) { return 7; }")
            lines.append("static long (*local_resolve(void))(void) { return local_impl; }")
            lines.append("static long local_ifunc(void) __attribute__((ifunc(\"local_resolve\")));")
            lines.append("static __attribute__((used)) long (*local_ifunc_ptr)(void) = local_ifunc;")
        if a.tls:
            lines.append(f"__thread long synth_tls_{i}[4] = {{{i}}};")
        if a.copy:
            lines.append(f"long synth_data_{i}[8] = {{{i}, 1, 2, 3}};")
        # References, to libraries after this one only (a DAG).
        refs = {"abs64": [], "got": [], "plt": []}
        uses = {}
        if i + 1 < n:
            for _ in range(a.refs):
                lib, k = pick(i + 1)
                refs[kind()].append(names[lib][k])
                uses[lib] = uses.get(lib, 0) + 1
        most = sorted(uses, key=lambda t: (-uses[t], t))[:a.deps]
        targets = set(most) | ({i + 1} if i + 1 < n else set())
        decl = sorted(set(refs["abs64"] + refs["got"] + refs["plt"]))
        lines += [f"extern long {s}(void);" for s in decl]
        if refs["abs64"]:
            lines.append("static __attribute__((used)) long (*const abs64_table[])(void) = {")
            lines += [f"  {s}," for s in refs["abs64"]]
            lines.append("};")
        if refs["got"]:
            lines.append("static __attribute__((used)) void got_uses(long (*volatile *sink)(void)) {")
            lines += [f"  *sink = {s};" for s in refs["got"]]
            lines.append("}")
        if refs["plt"]:
            lines.append("static __attribute__((used)) long plt_uses(void) {\n  long t = 0;")
            lines += [f"  t += {s}();" for s in refs["plt"]]
            lines.append("  return t;\n}")
        if a.tls and i + 1 < n:
            tls_targets = sorted({pick(i + 1)[0] for _ in range(4)})
            lines += [f"extern __thread long synth_tls_{t}[4];" for t in tls_targets]
            lines.append("__attribute__((visibility(\"hidden\"))) long tls_uses(void) {\n  long t = 0;")
            lines += [f"  t += synth_tls_{t}[1];" for t in tls_targets]
            lines.append("  return t;\n}")
        if a.relative:
            lines.append(f"static char relative_area[{a.relative}];")
            lines.append("static __attribute__((used)) char *relative_table[] = {")
            lines += [f"  relative_area + {k}," for k in range(a.relative)]
            lines.append("};")
        with open(os.path.join(src, f"s{i:03}.c"), "w") as f:
            f.write("\n".join(lines) + "\n")
        deps.append(sorted(targets))

    # The program: needs every library; calls some symbols, optionally reads data (COPY).
    main_refs = {"got": [], "plt": []}
    for _ in range(a.main_refs):
        lib, k = pick(0)
        main_refs["got" if kind() == "got" else "plt"].append(names[lib][k])
    lines = ["/* generated by bench/synth/gen.py: the program */",
             "#include <stdlib.h>"]
    lines += [f"extern long {s}(void);" for s in sorted(set(main_refs["got"] + main_refs["plt"]))]
    copies = sorted({pick(0)[0] for _ in range(8)}) if a.copy else []
    lines += [f"extern long synth_data_{t}[8];" for t in copies]
    lines.append("long (*volatile sink)(void);")
    lines.append("__attribute__((noinline)) long uses(void) {\n  long t = 0;")
    lines += [f"  sink = {s};" for s in main_refs["got"]]
    lines += [f"  t += {s}();" for s in main_refs["plt"]]
    lines += [f"  t += synth_data_{c}[0];" for c in copies]
    lines.append("  return t;\n}")
    lines.append("int main(int argc, char **argv) {\n"
                 "  (void)argv;\n"
                 "  /* a short full run: call the referenced functions once */\n"
                 "  return uses() == -1 && argc > 99;\n}")
    with open(os.path.join(src, "prog.c"), "w") as f:
        f.write("\n".join(lines) + "\n")

    cflags = ["-O1", "-fPIC", "-g0", "-fno-inline", "-fno-ipa-icf"]
    ldflags = ["-Wl,--enable-new-dtags", "-Wl,--no-as-needed", "-Wl,--hash-style=gnu"]
    if a.relr:
        ldflags.append("-Wl,-z,pack-relative-relocs")

    def run(cmd):
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            sys.exit(f"{' '.join(cmd)}\n{r.stdout}")

    def compile_one(i):
        run([a.cc] + cflags + ["-c", "-o", os.path.join(src, f"s{i:03}.o"), os.path.join(src, f"s{i:03}.c")])

    with concurrent.futures.ThreadPoolExecutor(max(1, a.jobs)) as pool:
        list(pool.map(compile_one, range(n)))
    for i in reversed(range(n)):  # dependencies first
        so = os.path.join(libdir, f"libs{i:03}.so")
        run([a.cc, "-shared", f"-Wl,-soname,libs{i:03}.so", "-Wl,-rpath,$ORIGIN", "-o", so,
             os.path.join(src, f"s{i:03}.o")] + ldflags + [os.path.join(libdir, f"libs{d:03}.so") for d in deps[i]])
    prog = os.path.join(out, "prog")
    run([a.cc, "-O1", "-fPIE", "-pie", "-o", prog, os.path.join(src, "prog.c"), "-Wl,-rpath,$ORIGIN/lib"]
        + ldflags + [os.path.join(libdir, f"libs{i:03}.so") for i in range(n)])

    counts = count_relocs(prog)
    for i in range(n):
        for t, c in count_relocs(os.path.join(libdir, f"libs{i:03}.so")).items():
            counts[t] = counts.get(t, 0) + c
    lengths = [len(s) for lib in names for s in lib]
    info = {"params": {k: v for k, v in vars(a).items() if k not in ("outdir", "jobs")},
            "libraries": n, "program": prog,
            "name_length": {"min": min(lengths), "mean": round(sum(lengths) / len(lengths), 1),
                            "max": max(lengths)},
            "relocations": dict(sorted(counts.items())),
            "symbolic": sum(c for t, c in counts.items() if t in SYMBOLIC),
            "relative": counts.get("R_X86_64_RELATIVE", 0) + counts.get("RELR", 0)}
    with open(os.path.join(out, "workload.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(f"{n} libraries, {info['symbolic']} symbolic and {info['relative']} relative relocations "
          f"(names {info['name_length']['min']}-{info['name_length']['max']} chars): {prog}")


if __name__ == "__main__":
    main()
