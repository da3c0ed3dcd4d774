#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The loader benchmark: ldr against glibc's ld.so in one run, on synthetic
# workloads (bench/synth/gen.py) and Debian programs, at three stop points:
#   reloc  load and relocate, exit before any initializer (ldd -r's
#          environment, LD_TRACE_LOADED_OBJECTS=1 LD_WARN=yes, for both);
#   main   time to main (bench/runner/probe.c, preloaded into both, exits
#          where main would start);
#   full   the whole run.
# Variants: ldr (always eager, a cold start), ldr-bind (the same with its
# bind cache, LDR_BIND_CACHE: warm after the warm-up rounds), glibc-now
# (LD_BIND_NOW=1), glibc-lazy (its default). Both loaders are invoked explicitly (`LOADER PROG ARGS`), stdout
# and stderr to /dev/null, forked by a small static spawner (spawn.c) without
# a shell. Per workload, each round runs every (stop point, variant) pair
# once, in an order rotated per round, after warm-up rounds; per run the CPU
# time (user + sys), minor faults and peak RSS come from wait4's
# rusage. Reported: per-variant medians, and per-round paired ratios of ldr
# against each glibc variant (median, 25-75 % spread, bootstrap 95 % interval
# of the median). Then callgrind instruction counts (deterministic) of the
# list-only and reloc stop points, and for synthetic workloads the Ir per
# symbolic relocation ((reloc - list) / symbolic relocations).
# It asserts nothing but that runs succeed: never use it as a timed test.
# Usage: run.py --ldr LDR [--work DIR] [--rounds N] [--quick] [--workloads LIST]
#        [--markdown FILE] [--json FILE] [--plot FILE.svg] (see --help)
import argparse
import datetime
import hashlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from stats import boot_ci  # noqa: E402  (bench/stats.py)
import spawner  # noqa: E402  (bench/runner/spawner.py)

HERE = os.path.dirname(os.path.realpath(__file__))
GEN = os.path.join(HERE, "..", "synth", "gen.py")
GLIBC = "/lib64/ld-linux-x86-64.so.2"
REAL = {  # name: (program, arguments)
    "python3": ("python3", ["-c", "pass"]),
    "perl": ("perl", ["-e", "1"]),
    "clang-14": ("clang-14", ["--version"]),
    "cmake": ("cmake", ["--version"]),
    # binutils' ld: a large PLT (libbfd) and a run that calls little of it,
    # lazy binding's best case against any eager loader (benchmarks.md, session 10)
    "ld": ("ld", ["--version"]),
}
DEFAULT_WORKLOADS = "synth:1,synth:10,synth:50,synth:200,synth:50:relr,python3,perl,clang-14,cmake,ld"
QUICK_WORKLOADS = "synth:3,python3"
SPAWN = None  # the static spawner, built into the work directory
VARIANTS = ["ldr", "ldr-bind", "glibc-now", "glibc-lazy"]
LDR_VARIANTS = ["ldr", "ldr-bind"]
GLIBC_VARIANTS = ["glibc-now", "glibc-lazy"]
BIND_DIR = None  # LDR_BIND_CACHE of the ldr-bind variant, emptied per run of the runner
STOPS = ["reloc", "main", "full"]
RELOC_ENV = {"LD_TRACE_LOADED_OBJECTS": "1", "LD_WARN": "yes"}


def die(msg):
    sys.exit(f"run.py: {msg}")


# ---- workloads ----

class Workload:
    def __init__(self, name, prog, args, info=None):
        self.name, self.prog, self.args, self.info = name, prog, args, info or {}


def synth_workload(spec, work, gen_args, cc):
    parts = spec.split(":")
    n = int(parts[1])
    relr = "relr" in parts[2:]
    name = f"synth-{n}" + ("-relr" if relr else "")
    out = os.path.join(work, name)
    argv = [sys.executable, GEN, out, "--libs", str(n), "--cc", cc] + (["--relr"] if relr else []) + gen_args
    # Regenerated when the arguments or the generator change.
    key = {"args": argv[3:], "gen": hashlib.sha256(open(GEN, "rb").read()).hexdigest()}
    stamp = os.path.join(out, "gen-args.json")
    if not (os.path.exists(stamp) and json.load(open(stamp)) == key):
        print(f"generating {name} ...", flush=True)
        subprocess.run(argv, check=True)
        json.dump(key, open(stamp, "w"))
    info = json.load(open(os.path.join(out, "workload.json")))
    return Workload(name, os.path.join(out, "prog"), [], info)


def real_workload(name):
    prog, args = REAL[name]
    # The Debian package's program (/usr/bin), not whatever PATH finds first
    # (a pyenv or /usr/local build would be another workload).
    debian = os.path.join("/usr/bin", prog)
    path = debian if os.access(debian, os.X_OK) else shutil.which(prog)
    if path is None:
        print(f"skipping {name}: {prog} is not installed (bench/setup.sh installs it)")
        return None
    return Workload(name, path, args)


# ---- running ----

def base_env():
    return {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}


def command(variant, stop, wl, ldr, probe):
    """argv and environment of one run."""
    loader = ldr if variant in LDR_VARIANTS else GLIBC
    env = base_env()
    if variant == "ldr-bind":
        env["LDR_BIND_CACHE"] = BIND_DIR
    if variant != "glibc-lazy":
        env["LD_BIND_NOW"] = "1"
    if stop == "reloc":
        env.update(RELOC_ENV)
    elif stop == "list":
        env["LD_TRACE_LOADED_OBJECTS"] = "1"
    elif stop == "main":
        env["LD_PRELOAD"] = probe
    # ldr's cold variant stays cold on a machine whose system bind cache
    # (ldr-cache --bind) holds the workload: that one is read only when
    # given, as ldr-bind's warm path is the same.
    own = ["--system-bind-cache", ""] if loader == ldr else []
    return [loader] + own + [wl.prog] + wl.args, env


def spawn(argv, env):
    """One run through the static spawner (spawn.c): its wait4 rusage."""
    try:
        code, cpu, minflt, maxrss = spawner.run(SPAWN, argv, env)
    except RuntimeError as e:
        die(str(e))
    if code != 0:
        die(f"status {code}: {' '.join(argv)}")
    return {"cpu": cpu, "minflt": minflt, "maxrss": maxrss}


def measure(wl, stops, rounds, warmup, ldr, probe):
    """{stop: {variant: [run]}}: each round runs every (stop, variant) once, in
    an order rotated per round, so drift hits all of them alike."""
    keys = [(st, v) for st in stops for v in VARIANTS]
    cmds = {key: command(key[1], key[0], wl, ldr, probe) for key in keys}
    samples = {st: {v: [] for v in VARIANTS} for st in stops}
    for r in range(warmup + rounds):
        k = r % len(keys)
        got = {key: spawn(*cmds[key]) for key in keys[k:] + keys[:k]}
        if r >= warmup:
            for st, v in keys:
                samples[st][v].append(got[(st, v)])
    return samples


def quantile(values, q):
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def summarise(samples):
    rng = random.Random(1)
    res = {}
    for v in VARIANTS:
        cpu = [s["cpu"] / 1e6 for s in samples[v]]
        res[v] = {"cpu_ms": statistics.median(cpu), "cpu_p25": quantile(cpu, .25), "cpu_p75": quantile(cpu, .75),
                  "minflt": statistics.median(s["minflt"] for s in samples[v]),
                  "maxrss_kib": statistics.median(s["maxrss"] for s in samples[v])}
    for mine in LDR_VARIANTS:
        for other in GLIBC_VARIANTS:
            ratios = [a["cpu"] / max(b["cpu"], 1) for a, b in zip(samples[mine], samples[other])]
            lo, hi = boot_ci(ratios, rng)
            res[f"{mine}/{other}"] = {"median": statistics.median(ratios), "p25": quantile(ratios, .25),
                                      "p75": quantile(ratios, .75), "ci95": [lo, hi]}
    return res


# ---- callgrind ----

def valgrind_tool():
    """The static callgrind tool and the launcher it wants: run directly, so the
    LD_* variables reach only the measured loader (Debian's `valgrind` is a
    shell script and `valgrind.bin` is itself a dynamic program)."""
    for d in ("/usr/libexec/valgrind", "/usr/lib/x86_64-linux-gnu/valgrind", "/usr/lib/valgrind"):
        tool = os.path.join(d, "callgrind-amd64-linux")
        if os.path.exists(tool):
            launcher = shutil.which("valgrind.bin") or shutil.which("valgrind")
            return tool, d, launcher
    return None


def callgrind_ir(vg, variant, stop, wl, ldr, probe):
    """Ir of one run; ldr-bind's after a first run that warms its bind cache
    (under valgrind the closure differs: no vDSO)."""
    tool, lib, launcher = vg
    argv, env = command(variant, stop, wl, ldr, probe)
    env.update(VALGRIND_LIB=lib, VALGRIND_LAUNCHER=launcher)
    if variant == "ldr-bind":
        subprocess.run([tool, "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        r = subprocess.run([tool, "--tool=callgrind", f"--callgrind-out-file={out}"] + argv, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            die(f"callgrind status {r.returncode}: {' '.join(argv)}\n{r.stderr[-2000:]}")
        for line in open(out):
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    die(f"no callgrind summary for {' '.join(argv)}")


# ---- output ----

def fmt_ratio(r):
    return f"{r['median']:.3f} ({r['p25']:.2f}–{r['p75']:.2f})"


def tables(results, meta):
    lines = [f"Date {meta['date']}; {meta['machine']}; ldr {meta['ldr']}; {meta['rounds']} rounds "
             f"({meta['real_rounds']} for Debian programs) after {meta['warmup']} warm-up; "
             f"load average before {meta['loadavg_before']}, after {meta['loadavg_after']}.", "",
             "CPU time (user + sys, ms, median of rounds) and the paired ratio ldr ÷ glibc per round "
             "(median, 25–75 %); ldr cold, and warm with its bind cache (LDR_BIND_CACHE):", "",
             "| workload | stop | ldr | ldr bind | glibc now | glibc lazy | ldr ÷ now | ldr ÷ lazy | bind ÷ now "
             "| bind ÷ lazy | minor faults ldr / bind / now / lazy | max RSS KiB ldr / bind / now / lazy |",
             "|---|---|---:|---:|---:|---:|---|---|---|---|---|---|"]
    for wl in results:
        for stop in STOPS:
            s = wl["stops"].get(stop)
            if s is None:
                continue
            lines.append(
                f"| {wl['name']} | {stop} | " + " | ".join(f"{s[v]['cpu_ms']:.2f}" for v in VARIANTS) + " | "
                + " | ".join(fmt_ratio(s[f"{m}/{o}"]) for m in LDR_VARIANTS for o in GLIBC_VARIANTS) + " | "
                + " / ".join(f"{s[v]['minflt']:.0f}" for v in VARIANTS) + " | "
                + " / ".join(f"{s[v]['maxrss_kib']:.0f}" for v in VARIANTS) + " |")
    if any(wl.get("ir") for wl in results):
        lines += ["", "Loader instructions (callgrind Ir of the whole run, deterministic): list = "
                  "load only (LD_TRACE_LOADED_OBJECTS), reloc = load and relocate; Ir per symbolic "
                  "relocation = (reloc − list) ÷ symbolic relocations (RELATIVE work included):", "",
                  "| workload | libraries | symbolic / relative relocs | ldr list | ldr reloc | ldr-bind reloc "
                  "| glibc-now list | glibc-now reloc | ldr Ir/sym | ldr-bind Ir/sym | glibc Ir/sym |",
                  "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for wl in results:
            ir = wl.get("ir")
            if not ir:
                continue
            sym = wl["info"].get("symbolic")
            # ldr-bind's list stop is ldr's (the bind cache serves relocation only).
            per = {v: (ir[v]["reloc"] - ir["ldr" if v == "ldr-bind" else v]["list"]) / sym if sym else None
                   for v in ("ldr", "ldr-bind", "glibc-now")}
            counts = f"{sym} / {wl['info'].get('relative')}" if sym else "—"
            lines.append(f"| {wl['name']} | {wl['info'].get('libraries', '—')} | {counts} | "
                         f"{ir['ldr']['list']:,} | {ir['ldr']['reloc']:,} | {ir['ldr-bind']['reloc']:,} | "
                         f"{ir['glibc-now']['list']:,} | {ir['glibc-now']['reloc']:,} | "
                         + " | ".join(f"{per[v]:.0f}" if per[v] is not None else "—"
                                      for v in ("ldr", "ldr-bind", "glibc-now"))
                         + " |")
    return "\n".join(lines) + "\n"


def plot(results, path):
    synth = sorted((wl for wl in results if wl["name"].startswith("synth-") and not wl["name"].endswith("relr")),
                   key=lambda wl: wl["info"]["libraries"])
    if len(synth) < 2 or shutil.which("gnuplot") is None:
        print("no plot: needs gnuplot and two synthetic workloads or more")
        return
    with tempfile.TemporaryDirectory() as d:
        data = os.path.join(d, "data")
        with open(data, "w") as f:
            for stop in ("reloc", "full"):
                f.write(f"# {stop}: libraries " + " ".join(VARIANTS) + "\n")
                for wl in synth:
                    s = wl["stops"].get(stop)
                    if s:
                        f.write(f"{wl['info']['libraries']} " + " ".join(f"{s[v]['cpu_ms']:.3f}" for v in VARIANTS) + "\n")
                f.write("\n\n")
        script = f"""
set terminal svg size 960,420 dynamic noenhanced font 'sans,11'
set output '{path}'
set multiplot layout 1,2
set logscale xy
set key bottom right
set xrange [0.8:300]
set grid
set xlabel 'libraries (synthetic workload)'
set ylabel 'CPU time, ms (median)'
do for [i=0:1] {{
  set title (i == 0 ? 'load and relocate (stop before initializers)' : 'full run')
  plot '{data}' index i using 1:2 with linespoints lw 2 title 'ldr', \\
       '' index i using 1:3 with linespoints lw 2 title 'ldr, warm bind cache', \\
       '' index i using 1:4 with linespoints lw 2 title 'glibc ld.so, LD_BIND_NOW=1', \\
       '' index i using 1:5 with linespoints lw 2 title 'glibc ld.so, lazy'
}}
unset multiplot
"""
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
    print(f"plot: {path}")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    ap = argparse.ArgumentParser(description="ldr vs glibc ld.so: interleaved CPU-time rounds and callgrind Ir")
    ap.add_argument("--ldr", required=True, help="the ldr binary")
    ap.add_argument("--work", default="bench-work", help="where workloads and the probe are built")
    ap.add_argument("--workloads", help=f"comma-separated; default {DEFAULT_WORKLOADS} "
                    "(synth:N[:relr] or a Debian program: " + ", ".join(REAL) + ")")
    ap.add_argument("--rounds", type=int, default=25, help="measured rounds per synthetic workload and stop")
    ap.add_argument("--real-rounds", type=int, default=21, help="rounds for the Debian programs")
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--stops", default=",".join(STOPS), help="subset of reloc,main,full")
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--gen-args", default="--tls --ifunc --copy",
                    help="extra gen.py arguments for every synthetic workload")
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--quick", action="store_true", help="smoke test: a 3-library workload and python3, 3 rounds")
    ap.add_argument("--markdown", help="write the tables here")
    ap.add_argument("--json", help="write every figure here")
    ap.add_argument("--plot", help="write the gnuplot SVG here (CPU time against libraries)")
    a = ap.parse_args()
    if a.quick:
        a.rounds, a.real_rounds, a.warmup = 3, 3, 1
        a.workloads = a.workloads or QUICK_WORKLOADS
        a.gen_args += " --syms 50 --refs 100 --relative 200 --main-refs 20"
    if a.rounds < 1 or a.real_rounds < 1:
        die("--rounds and --real-rounds must be positive")
    stops = [s for s in a.stops.split(",") if s]
    if not set(stops) <= set(STOPS):
        die(f"--stops: choose among {','.join(STOPS)}")
    ldr = os.path.realpath(a.ldr)
    if not os.access(ldr, os.X_OK):
        die(f"{ldr} is not executable (build ldr first)")
    work = os.path.realpath(a.work)
    os.makedirs(work, exist_ok=True)
    global BIND_DIR
    BIND_DIR = os.path.join(work, "bind-cache")
    shutil.rmtree(BIND_DIR, ignore_errors=True)
    os.makedirs(BIND_DIR)
    probe = os.path.join(work, "probe.so")
    subprocess.run([a.cc, "-shared", "-fPIC", "-O2", "-o", probe, os.path.join(HERE, "probe.c")], check=True)
    global SPAWN
    SPAWN = spawner.build(work, a.cc, rebuild=True)

    workloads = []
    for spec in (a.workloads or DEFAULT_WORKLOADS).split(","):
        if spec.startswith("synth:"):
            workloads.append(synth_workload(spec, work, a.gen_args.split(), a.cc))
        elif spec in REAL:
            wl = real_workload(spec)
            if wl:
                workloads.append(wl)
        else:
            die(f"unknown workload {spec!r}")

    vg = None if a.no_callgrind else valgrind_tool()
    if vg is None and not a.no_callgrind:
        print("no callgrind: valgrind is not installed (bench/setup.sh installs it)")
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.node()}, {os.cpu_count()} CPUs, Linux {platform.release()}",
            "ldr": ldr, "rounds": a.rounds, "real_rounds": a.real_rounds, "warmup": a.warmup,
            "loadavg_before": loadavg()}
    results = []
    for wl in workloads:
        rounds = a.rounds if wl.info else a.real_rounds
        entry = {"name": wl.name, "command": [wl.prog] + wl.args, "info": wl.info, "stops": {}}
        samples = measure(wl, stops, rounds, a.warmup, ldr, probe)
        for stop in stops:
            s = summarise(samples[stop])
            entry["stops"][stop] = s
            print(f"{wl.name:<14} {stop:<5} " + "  ".join(f"{v} {s[v]['cpu_ms']:.2f}" for v in VARIANTS)
                  + f"  ldr/now {fmt_ratio(s['ldr/glibc-now'])}  bind/now {fmt_ratio(s['ldr-bind/glibc-now'])}"
                  f"  bind/lazy {fmt_ratio(s['ldr-bind/glibc-lazy'])}", flush=True)
        if vg is not None:
            entry["ir"] = {v: {st: callgrind_ir(vg, v, st, wl, ldr, probe) for st in ("list", "reloc")}
                           for v in ("ldr", "ldr-bind", "glibc-now")}
            print(f"{wl.name:<14} Ir    " + "  ".join(f"{v} {entry['ir'][v]['reloc']:,}" for v in entry["ir"]),
                  flush=True)
        results.append(entry)
    meta["loadavg_after"] = loadavg()
    text = tables(results, meta)
    print()
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"meta": meta, "results": results}, f, indent=1)
    if a.plot:
        plot(results, a.plot)


if __name__ == "__main__":
    main()
