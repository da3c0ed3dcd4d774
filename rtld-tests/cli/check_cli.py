#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# ldr's command line and LDR_DEBUG behaviour, case by case, with exact
# expected status and output. Usage: check_cli.py CASE LDR HELLO
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loaders import GLIBC, GLIBC_INTERNAL_LOOKUP, masked_trace, program_with_undefined  # noqa: E402

case, ldr, hello = sys.argv[1:4]
HELLO_OUT = ("hello, world! (libgreet call 1, constructed)\n"
             "hello, ldr! (libgreet call 2, constructed)\n")


def run(args, env=None, cwd=None):
    e = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "LDR_"))}
    e.update(env or {})
    p = subprocess.run(args, capture_output=True, text=True, env=e, cwd=cwd, timeout=30)
    return p.returncode, p.stdout, p.stderr


def expect(what, got, want):
    if got != want:
        print(f"FAIL {case}: {what}\n--- want ---\n{want!r}\n--- got ---\n{got!r}")
        sys.exit(1)


def expect_match(what, got, pattern):
    if not re.fullmatch(pattern, got, re.S):
        print(f"FAIL {case}: {what} does not match {pattern!r}\n--- got ---\n{got}")
        sys.exit(1)


if case == "missing_program_name":
    st, out, err = run([ldr])
    expect("status", st, 1)
    expect("stderr", err, f"{ldr}: missing program name\nTry '{ldr} --help' for more information.\n")
elif case == "unrecognized_option":
    st, out, err = run([ldr, "--bogus", hello])
    expect("status", st, 1)
    expect("stderr", err, f"{ldr}: unrecognized option '--bogus'\nTry '{ldr} --help' for more information.\n")
elif case == "help_lists_options_and_exits_0":
    st, out, err = run([ldr, "--help"])
    expect("status", st, 0)
    expect("first line", out.splitlines()[0], f"Usage: {ldr} [OPTION]... EXECUTABLE-FILE [ARGS-FOR-PROGRAM...]")
    for opt in ["--list", "--verify", "--inhibit-cache", "--cache FILE", "--bind-cache DIR", "--system-bind-cache DIR",
                "--library-path PATH", "--inhibit-rpath LIST", "--audit LIST", "--preload LIST", "--argv0 STRING",
                "--glibc-hwcaps-prepend LIST\n", "--glibc-hwcaps-mask LIST\n",
                "--help", "--version"]:
        if f"  {opt} " not in out:
            expect(f"option {opt} in --help", out, "(it)")
    expect_match("search path", out, r".*Shared library search path:\n  \(libraries located via /\S+\)\n"
                 r"  /lib/x86_64-linux-gnu \(system search path\)\n.*")
    expect_match("bind cache", out, r".*\nSymbol bindings of the programs ldr-cache --bind listed:\n"
                 r"  /\S+ \(system bind cache\)\n$")
elif case == "help_lists_glibc_hwcaps_like_glibc":
    # --help's glibc-hwcaps section is glibc's, for the options and
    # tunables given (options after --help count, as in glibc).
    def section(text):
        start = text.index("\nSubdirectories of glibc-hwcaps directories")
        end = text.index("\n\n", start + 1)
        return text[start:end + 1]
    for opts, tunables in (([], ""), ([], "glibc.cpu.hwcaps=-AVX2"),
                           (["--glibc-hwcaps-mask", "x86-64-v2"], ""),
                           (["--glibc-hwcaps-prepend", "foo::bar", "--glibc-hwcaps-mask", ""], "")):
        env = {"GLIBC_TUNABLES": tunables} if tunables else {}
        st, out, err = run([ldr, "--help"] + opts, env)
        gst, gout, gerr = run(["/lib64/ld-linux-x86-64.so.2", "--help"] + opts, env)
        expect(f"status ({opts} {tunables})", (st, gst), (0, 0))
        expect(f"section ({opts} {tunables})", section(out), section(gout))
    expect("prepended names listed", "\n  foo (searched)\n  bar (searched)\n" in section(out), True)
    st, out, err = run([ldr, "--help", "--bogus"])
    expect("an unknown option after --help", (st, out, err),
           (1, "", f"{ldr}: unrecognized option '--bogus'\nTry '{ldr} --help' for more information.\n"))
elif case == "show_auxv_like_glibc":
    # LD_SHOW_AUXV prints the kernel's auxv as glibc's ld.so does, once per
    # such variable, before the options are read. Both loaders run directly,
    # so the values that are the loader's own (its headers, entry, path) or
    # the process's (addresses, AT_RANDOM) are masked; the rest is compared.
    def masked(text):
        return re.sub(r"(AT_(?:PHDR|ENTRY|SYSINFO_EHDR|RANDOM|PHNUM|EXECFN): +).*", r"\1*", text)
    for env in ({"LD_SHOW_AUXV": "1"}, {"LD_SHOW_AUXV": ""}):
        st, out, err = run([ldr, hello], env)
        gst, gout, gerr = run([GLIBC, "/bin/true"], env)
        expect("status", (st, err, gst, gerr), (0, "", 0, ""))
        lines = out[:out.index(HELLO_OUT)] if HELLO_OUT in out else out
        expect(f"auxv ({env})", masked(lines), masked(gout))
    expect("lines", len(gout.splitlines()) > 15 and "AT_PAGESZ:            4096\n" in gout, True)
    expect_match("the loader's own path", out, rf".*\nAT_EXECFN:            {re.escape(ldr)}\n.*")
    st, out, err = run([ldr, "--version"], {"LD_SHOW_AUXV": "1"})
    expect("before the options", (st, out.startswith("AT_"), out.count("AT_PAGESZ:"),
                                  out.splitlines()[-1].startswith("ldr (x86-64 dynamic loader) version ")),
           (0, True, 1, True))
    st, out, err = run([ldr, hello], {"LD_SHOW_AUXVX": "1", "LD_SHOW_AUX": "1"})
    expect("other names", (st, out.startswith(HELLO_OUT), "AT_PAGESZ" in out), (0, True, False))
elif case == "audit_modules_are_reported_and_ignored":
    # Auditing is not supported: every object LD_AUDIT and the --audit
    # options name gets glibc's line (empty names skipped, the environment's
    # first) with ldr's reason, and the program runs on, as under glibc when
    # an audit module cannot be loaded.
    env = {"LD_AUDIT": "a.so::b.so"}
    opts = ["--audit", "x.so", "--audit", "y.so:z.so"]
    st, out, err = run([ldr, *opts, hello], env)
    gst, gout, gerr = run([GLIBC, *opts, "/bin/true"], env)
    line = "ERROR: ld.so: object '{}' cannot be loaded as audit interface: {}; ignored.\n"
    names = ["a.so", "b.so", "x.so", "y.so", "z.so"]
    expect("glibc", (gst, gout, gerr), (0, "", "".join(line.format(n, "cannot open shared object file")
                                                         for n in names)))
    expect("ldr", (st, out.startswith(HELLO_OUT), err), (0, True, "".join(line.format(n, "auditing is not supported by ldr")
                                                          for n in names)))
    st, out, err = run([ldr, hello], {"LD_AUDIT": ""})
    expect("empty LD_AUDIT", (st, out.startswith(HELLO_OUT), err), (0, True, ""))
    st, out, err = run([ldr, "--audit"])
    expect("--audit without its list", (st, err), (1, f"{ldr}: option requires an argument -- 'audit'\n"
                                                    f"Try '{ldr} --help' for more information.\n"))
elif case == "debug_lookup_errors_like_glibc":
    # Under any debug category but statistics glibc prints a line for each
    # symbol or version lookup error: "(fatal)", "(continued)" where it reports
    # and goes on (ldd -r; start-up version checks). The same lines, PIDs masked.
    e2e = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(hello))), "rtld-tests", "e2e")

    def error_lines(loader, prog, env):
        st, out, err = run([os.path.abspath(loader), prog], env, cwd=e2e)
        return re.findall(r"^ *\d+:\t(.*: error: .*)$", err, re.M)

    checks = [("./main_missing_sym", {"LD_DEBUG": "libs"}, "undefined symbol: sym_vanishing (fatal)"),
              ("./main_missing_sym", {"LD_DEBUG": "bindings", "LD_TRACE_LOADED_OBJECTS": "1", "LD_WARN": "1"},
               "undefined symbol: sym_vanishing (continued)"),
              ("./main_ver_missing", {"LD_DEBUG": "versions"}, "not found (required by ./main_ver_missing) (continued)"),
              ("./main_missing_sym", {"LD_DEBUG": "statistics"}, None)]
    for prog, env, tail in checks:
        want = error_lines(GLIBC, prog, env)
        got = error_lines(ldr, prog, {"LDR_DEBUG" if k == "LD_DEBUG" else k: v for k, v in env.items()})
        expect(f"glibc's lines ({prog}, {env})", (len(want), want[0].endswith(tail) if want else None),
               (1, True) if tail else (0, None))
        expect(f"ldr's lines ({prog}, {env})", got, want)
elif case == "ld_verbose_lists_versions_like_glibc":
    # ldd -v: LD_VERBOSE with LD_TRACE_LOADED_OBJECTS adds glibc's "Version
    # information" section, for ldd and ldd -r; --list has none (addresses masked).
    addr = re.compile(r"\(0x[0-9a-f]+\)")
    for prog in ("/usr/bin/python3", "/usr/bin/perl"):
        for env, opts in (({"LD_TRACE_LOADED_OBJECTS": "1"}, []),
                          ({"LD_TRACE_LOADED_OBJECTS": "1", "LD_WARN": "yes"}, []), ({}, ["--list"])):
            env = dict(env, LD_VERBOSE="1")
            st, out, err = run([ldr] + opts + [prog], env)
            gst, gout, gerr = run([GLIBC] + opts + [prog], env)
            expect(f"{prog} {env} {opts}", (st, addr.sub("", out), err), (gst, addr.sub("", gout), gerr))
            expect(f"{prog}: a version section", "\n\tVersion information:\n\t" + prog + ":\n" in gout,
                   "LD_TRACE_LOADED_OBJECTS" in env)
    st, out, err = run([ldr, hello], {"LD_TRACE_LOADED_OBJECTS": "1", "LD_VERBOSE": ""})
    expect("LD_VERBOSE empty: none", "Version information" in out, False)
elif case == "trace_loaded_objects_values_like_glibc":
    # Any LD_TRACE_LOADED_OBJECTS value lists, even empty; one above 1 (read
    # as glibc's _dl_strtoul: "-1" is large) lists the program first.
    addr = re.compile(r"\(0x[0-9a-f]+\)")
    for value in ("", "0", "1", "2", "0x2", "-1"):
        env = {"LD_TRACE_LOADED_OBJECTS": value}
        got = run([ldr, "/bin/true"], env)
        want = run(["/lib64/ld-linux-x86-64.so.2", "/bin/true"], env)
        expect(f"value {value!r}", (got[0], addr.sub("(A)", got[1]), got[2]),
               (want[0], addr.sub("(A)", want[1]), want[2]))
        expect(f"value {value!r}: program line", want[1].startswith("\t (0x"), value in ("2", "0x2", "-1"))
elif case == "ldd_u_names_unused_dependencies_like_glibc":
    # ldd -u's environment: only the executable's unused DT_NEEDED objects,
    # status 1 when there is one; LD_DEBUG or LDR_DEBUG alike.
    prog = os.path.join(os.path.dirname(os.path.abspath(hello)), "..", "rtld-tests", "cli", "unused_dep")
    ldd_u = {"LD_TRACE_LOADED_OBJECTS": "1", "LD_WARN": "", "LD_BIND_NOW": "", "LD_VERBOSE": ""}
    want = run(["/lib64/ld-linux-x86-64.so.2", prog], dict(ldd_u, LD_DEBUG="unused"))
    expect("glibc", want, (1, "Unused direct dependencies:\n\t/lib/x86_64-linux-gnu/libm.so.6\n", ""))
    for var in ("LD_DEBUG", "LDR_DEBUG"):
        expect(var, run([ldr, prog], dict(ldd_u, **{var: "unused"})), want)
    expect("none unused", run([ldr, hello], dict(ldd_u, LDR_DEBUG="unused")),
           run(["/lib64/ld-linux-x86-64.so.2", hello], dict(ldd_u, LD_DEBUG="unused")))
    expect("none unused: nothing, status 0", run([ldr, hello], dict(ldd_u, LDR_DEBUG="unused")), (0, "", ""))
elif case == "static_programs_and_loaders_like_glibc":
    # `ldr PROGRAM` for a program that is not dynamically linked executes it
    # (glibc's rtld_chain_load: the kernel runs it as itself, --argv0 kept);
    # listings say "statically linked" for one with a dynamic section and
    # nothing for one without; a loader given as the program is refused.
    cli = os.path.join(os.path.dirname(os.path.abspath(hello)), "..", "rtld-tests", "cli")
    for name in ("static_prog", "static_pie_prog"):
        prog = os.path.realpath(os.path.join(cli, name))
        for opts in ([], ["--argv0", "renamed"]):
            want = run([GLIBC] + opts + [prog, "x"])
            expect(f"{name} {opts}", run([ldr] + opts + [prog, "x"]), want)
            expect(f"{name} {opts}: as itself", want[1].startswith(f"exe={name} argc=2\n"), True)
        for opts, env in ((["--list"], {}), ([], {"LD_TRACE_LOADED_OBJECTS": "1"})):
            got = run([ldr] + opts + [prog], env)
            if name == "static_prog":  # glibc 2.36's ld.so dies of SIGSEGV listing it
                expect(f"{name} listing {opts}: nothing", got, (0, "", ""))
                continue
            want = run([GLIBC] + opts + [prog], env)
            expect(f"{name} listing {opts}", (want[0], want[1]), (0, "\tstatically linked\n"))
            expect(f"{name} listing {opts}: ldr", got, want)
    for loader in (GLIBC, os.path.realpath(ldr)):
        want = (127, "", "ld-linux-x86-64.so.2: loader cannot load itself\n")
        expect(f"glibc's ld.so given {loader}", run([GLIBC, loader]), want)
        expect(f"ldr given {loader}", run([ldr, loader]), want)
elif case == "library_without_entry_point_is_refused":
    # A shared library run as a program has e_entry 0: glibc's ld.so jumps
    # there and dies of SIGSEGV; ldr says why and exits 127.
    lib = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(hello)), "libgreet.so"))
    expect("refused", run([ldr, lib]),
           (127, "", f"{lib}: error while loading shared libraries: {lib}: cannot execute: "
                     "the entry point is not in an executable segment\n"))
    expect("glibc's ld.so crashes", run(["/lib64/ld-linux-x86-64.so.2", lib])[0], -11)
elif case == "version_exits_0":
    st, out, err = run([ldr, "--version"])
    expect("status", st, 0)
    expect_match("stdout", out, r"ldr \(x86-64 dynamic loader\) version \d+\.\d+\.\d+\.\n")
elif case == "double_dash_ends_options":
    st, out, err = run([ldr, "--", hello, "--list"])
    expect("status", st, 0)
    expect("stdout head", out.splitlines()[1], "hello, --list! (libgreet call 2, constructed)")
elif case == "debug_help_lists_categories_without_running":
    st, out, err = run([ldr, hello], {"LDR_DEBUG": "help"})
    expect("status", st, 0)
    expect_match("stdout", out, r"Valid options for the LDR_DEBUG environment variable are:\n\n"
                 r"  libs        display library search paths\n.*"
                 r"  help        display this help message and exit\n\n"
                 r"To direct the debugging output into a file instead of standard output\n"
                 r"a filename can be specified using the LDR_DEBUG_OUTPUT environment variable.\n")
    expect("program output absent", "hello" in out, False)
elif case == "debug_unknown_category_warns_and_runs":
    st, out, err = run([ldr, hello], {"LDR_DEBUG": "bogus"})
    expect("status", st, 0)
    expect("stderr", err, "warning: debug option `bogus' unknown; try LDR_DEBUG=help\n")
    expect("stdout", out.startswith(HELLO_OUT), True)
elif case == "debug_libs_shows_search":
    st, out, err = run([ldr, hello], {"LDR_DEBUG": "libs"})
    expect("status", st, 0)
    expect_match("stderr", err,
                 r" +\d+:\tfind library=libgreet.so \[0\]; searching\n"
                 r" +\d+:\t search path=\S+/samples\t\t\(RUNPATH from file \S+/hello\)\n"
                 r" +\d+:\t  trying file=\S+/samples/libgreet.so\n"
                 r" +\d+:\t\n +\d+:\t\n +\d+:\tcalling init: \S+/libgreet.so\n +\d+:\t\n"
                 r" +\d+:\t\n +\d+:\ttransferring control: \S+/hello\n +\d+:\t\n"
                 r" +\d+:\t\n +\d+:\tcalling fini:  \[0\]\n +\d+:\t\n"
                 r" +\d+:\t\n +\d+:\tcalling fini: \S+/libgreet.so \[0\]\n +\d+:\t\n")
elif case == "debug_all_of_python_like_glibc":
    # LD_DEBUG=all for Debian's python3 importing C extensions (dlopen with
    # dependencies and NODELETE), dlopen(NULL) and dlclose of that handle: the
    # same ~60 000 lines as eager glibc's, PIDs and addresses masked, without
    # the search-path lines (ldr's cache is not ld.so.cache) and the lookups
    # glibc's ld.so makes for itself (vDSO symbols, its malloc and error
    # handlers), which ldr does not trace.
    script = ("import ctypes, ssl, sqlite3, decimal; import _ctypes; "
              "_ctypes.dlclose(ctypes.CDLL(None)._handle)")

    def trace(loader, extra):
        st, out, err = run([loader, "/usr/bin/python3", "-c", script], dict(extra, LD_DEBUG="all"))
        lines = masked_trace(err)
        return st, [l for l in lines if "search cache=" not in l and "search path=" not in l
                    and not GLIBC_INTERNAL_LOOKUP.search(l)]

    want, got = trace(GLIBC, {"LD_BIND_NOW": "1"}), trace(ldr, {})
    expect("glibc's trace", (want[0], len(want[1]) > 20000,
                             any("activating NODELETE for" in l for l in want[1]),
                             any(l.startswith("\topening file= [0]; direct_opencount=2") for l in want[1])),
           (0, True, True, True))
    if got != want:
        import difflib
        print("FAIL debug_all_of_python_like_glibc\n" +
              "\n".join(list(difflib.unified_diff(want[1], got[1], "glibc", "ldr", lineterm=""))[:60]))
        sys.exit(1)
elif case == "version_problems_reported_like_glibc":
    # glibc's start-up version check reports every problem and goes on: an
    # object without version definitions gets "no version information
    # available" and the program runs; a missing version is reported, ends a
    # run (ldr: 127, glibc: 1) but not a listing (ldd lists, status 0).
    e2e = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(hello))), "rtld-tests", "e2e")
    plain = {"LD_LIBRARY_PATH": os.path.join(e2e, "version", "plain")}
    mask = lambda r: (r[0], re.sub(r"\(0x[0-9a-f]+\)", "(ADDR)", r[1]), r[2])
    # (glibc 2.36 then fails an assertion in check_match binding the versioned
    # reference to the unversioned definition; ldr binds it and runs on.)
    warning = ("./main_ver_old: " + os.path.join(e2e, "version", "plain", "libver.so.1") +
               ": no version information available (required by ./main_ver_old)\n")
    want = run([GLIBC, "./main_ver_old"], plain, cwd=e2e)
    got = run([os.path.abspath(ldr), "./main_ver_old"], plain, cwd=e2e)
    expect("glibc: no version information", (want[0], want[2].startswith(warning),
                                              "Assertion `version->filename == NULL" in want[2]), (127, True, True))
    expect("no version information", got, (0, "ver_func: ver_func from the old library (VERS_1)\n", warning))
    for env in ({"LD_TRACE_LOADED_OBJECTS": "1"}, {"LD_TRACE_LOADED_OBJECTS": "1", "LD_WARN": "1"},
                {"LD_TRACE_LOADED_OBJECTS": "1", "LD_WARN": "1", "LD_BIND_NOW": "1"}):
        want = mask(run([GLIBC, "./main_ver_missing"], env, cwd=e2e))
        got = mask(run([os.path.abspath(ldr), "./main_ver_missing"], env, cwd=e2e))
        expect(f"glibc lists ({env})", (want[0], "version `VERS_2' not found" in want[2], "libver.so.1 =>" in want[1]),
               (0, True, True))
        expect(f"listing with a missing version ({env})", got, want)
    st, out, err = run([os.path.abspath(ldr), "./main_ver_missing"], cwd=e2e)
    gst, gout, gerr = run([GLIBC, "./main_ver_missing"], cwd=e2e)
    expect("a run with a missing version", (st, out, err), (127, gout, gerr))
elif case == "debug_files_and_libs_like_glibc":
    # LD_DEBUG=files,libs,reloc for a glibc program run directly: the same
    # lines as glibc's eager ld.so (the new object's needer, its link map,
    # each object's init and fini with ld.so's own, libc's "initialize
    # program"), PIDs and addresses masked, the search-path lines dropped
    # (ldr's cache is not ld.so.cache).

    def trace(loader, cats):
        st, out, err = run([loader, "/bin/true"], {"LD_DEBUG": cats, "LD_BIND_NOW": "1"})
        lines = masked_trace(err)
        return st, [l for l in lines if "search cache=" not in l and "search path=" not in l]

    for cats in ("files", "libs", "files,libs,reloc"):
        want, got = trace(GLIBC, cats), trace(ldr, cats)
        expect(f"glibc's trace ({cats}) has the link map and init lines",
               (want[0], any("needed by /bin/true [0]" in l for l in want[1]) or "files" not in cats,
                any(l.endswith("calling init: /lib/x86_64-linux-gnu/libc.so.6") for l in want[1])), (0, True, True))
        expect(f"{cats}", "\n".join(got[1]), "\n".join(want[1]))
elif case == "debug_files_of_libc_dlopen_like_glibc":
    # An object libc opens itself (iconv's gconv module, through
    # __libc_dlopen_mode and the dlfcn hook): LD_DEBUG=files names libc as
    # what loaded it, as glibc's ld.so does.
    with tempfile.TemporaryDirectory() as d:
        text = os.path.join(d, "in.txt")
        with open(text, "w") as f:
            f.write("cafe\n")  # ASCII: the output stays text

        def trace(loader):
            st, out, err = run([loader, "/usr/bin/iconv", "-f", "UTF-8", "-t", "ISO-8859-15", text],
                               {"LD_DEBUG": "files", "LD_BIND_NOW": "1"})
            return st, masked_trace(err)

        want, got = trace(GLIBC), trace(ldr)
    expect("glibc's trace names libc as the loader",
           (want[0], any("ISO8859-15.so [0];  dynamically loaded by /lib/x86_64-linux-gnu/libc.so.6 [0]" in l
                         for l in want[1])), (0, True))
    expect("files", "\n".join(got[1]), "\n".join(want[1]))
elif case == "ld_debug_when_ldr_debug_is_unset":
    # glibc's LD_DEBUG and LD_DEBUG_OUTPUT, as a drop-in ld.so honours them,
    # unless LDR_DEBUG is set (even empty): ldr's own then decides.
    pid = re.compile(r"^ +\d+:", re.M)
    st, out, err = run([ldr, hello], {"LD_DEBUG": "libs"})
    st2, out2, err2 = run([ldr, hello], {"LDR_DEBUG": "libs"})
    expect("same trace", (st, pid.sub("P:", err)), (0, pid.sub("P:", err2)))
    expect("a trace", "find library=libgreet.so [0]; searching" in err, True)
    expect("LDR_DEBUG set wins", run([ldr, hello], {"LD_DEBUG": "libs", "LDR_DEBUG": ""})[2], "")
    expect("the warning names LD_DEBUG", run([ldr, hello], {"LD_DEBUG": "bogus"})[2],
           "warning: debug option `bogus' unknown; try LD_DEBUG=help\n")
    st, out, err = run([ldr, hello], {"LD_DEBUG": "help"})
    expect("help", (st, out.splitlines()[0]), (0, "Valid options for the LD_DEBUG environment variable are:"))
    with tempfile.TemporaryDirectory() as d:
        st, out, err = run([ldr, hello], {"LD_DEBUG": "libs", "LD_DEBUG_OUTPUT": f"{d}/trace"})
        expect("to the file", (st, err, len(os.listdir(d))), (0, "", 1))
elif case == "debug_output_goes_to_file_pid":
    with tempfile.TemporaryDirectory() as d:
        st, out, err = run([ldr, hello], {"LDR_DEBUG": "libs", "LDR_DEBUG_OUTPUT": f"{d}/trace"})
        expect("status", st, 0)
        expect("stderr", err, "")
        files = os.listdir(d)
        expect("one trace file", len(files), 1)
        expect_match("file name", files[0], r"trace\.\d+")
        text = open(os.path.join(d, files[0])).read()
        expect("trace content", "find library=libgreet.so [0]; searching" in text, True)
elif case == "debug_statistics_counts":
    st, out, err = run([ldr, hello], {"LDR_DEBUG": "statistics"})
    expect("status", st, 0)
    expect_match("stderr", err,
                 r" +\d+:\t\n +\d+:\truntime linker statistics:\n"
                 r" +\d+:\t  total startup time in dynamic loader: \d+ ns\n"
                 r" +\d+:\t            time needed for relocation: \d+ ns \(\d+\.\d%\)\n"
                 r" +\d+:\t                 number of relocations: 4\n"
                 r" +\d+:\t      number of relocations from cache: 0\n"
                 r" +\d+:\t        number of relative relocations: 1\n"
                 r" +\d+:\t        number of symbolic relocations: 3\n"
                 r" +\d+:\t                    R_X86_64_JUMP_SLOT: 2\n"
                 r" +\d+:\t                     R_X86_64_RELATIVE: 1\n"
                 r" +\d+:\t                      R_X86_64_TPOFF64: 1\n"
                 r" +\d+:\t               number of symbol lookups: 2\n"
                 r" +\d+:\t        of which answered by the memo: 0\n"
                 r" +\d+:\t           time needed to load objects: \d+ ns \(\d+\.\d%\)\n"
                 r" +\d+:\t                number of objects loaded: 1\n"
                 r" +\d+:\t    time needed for set-up \(libc, TLS\): \d+ ns \(\d+\.\d%\)\n"
                 r" +\d+:\t        time needed for libc hand-over: \d+ ns \(\d+\.\d%\)\n")
elif case == "trace_loaded_objects_marks_missing":
    with tempfile.TemporaryDirectory() as d:
        prog = os.path.join(d, "hello")
        subprocess.run(["cp", hello, prog], check=True)
        st, out, err = run([ldr, prog], {"LD_TRACE_LOADED_OBJECTS": "1"})
        expect("status", st, 0)
        expect_match("stdout", out, r"\tlinux-vdso\.so\.1 \(0x[0-9a-f]{16}\)\n\tlibgreet\.so => not found\n")
        st, out, err = run([ldr, "--list", prog])
        expect("--list status", st, 127)
        expect("--list stderr", err, f"{prog}: error while loading shared libraries: libgreet.so: "
               "cannot open shared object file: No such file or directory\n")
elif case == "ldd_r_reports_undefined_like_glibc":
    # glibc's `ldd -r` environment: the list, then relocation with each
    # undefined symbol reported as "undefined symbol: NAME\t(FILE)", status 0,
    # and no initializer runs. Compared with glibc's ld.so on the same program.
    with tempfile.TemporaryDirectory() as d:
        program_with_undefined(d, "#include <unistd.h>\n"
                                  "extern int missing_var; extern int missing_fn(void);\n"
                                  "extern int weak_missing(void) __attribute__((weak));\n"
                                  "__attribute__((constructor)) static void ctor(void) { write(1, \"ctor\\n\", 5); }\n"
                                  "int libfn(void) { return missing_var + missing_fn() + (weak_missing ? 1 : 0); }\n")
        env = {"LD_TRACE_LOADED_OBJECTS": "1", "LD_WARN": "yes", "LD_BIND_NOW": "yes"}
        mask = re.compile(r"0x[0-9a-f]{16}")
        results = []
        for loader in (os.path.realpath(ldr), "/lib64/ld-linux-x86-64.so.2"):
            st, out, err = run([loader, "./prog"], env, cwd=d)
            results.append((st, mask.sub("ADDR", out), err))
        expect("stderr", results[0][2], f"undefined symbol: missing_var\t({d}/./libu.so)\n"
               f"undefined symbol: missing_fn\t({d}/./libu.so)\n")
        expect("same as glibc (status, stdout, stderr)", results[0], results[1])
        expect("no initializer ran", "ctor" in results[0][1], False)
        st, out, err = run([os.path.realpath(ldr), "./prog"], {"LD_TRACE_LOADED_OBJECTS": "1"}, cwd=d)
        expect("without LD_WARN: list only", (st, err), (0, ""))
elif case == "list_tunables_like_glibc":
    # ld.so --list-tunables: every tunable, value and bounds, in glibc's order
    # and format, after GLIBC_TUNABLES (and its aliases) and the CPU's cache
    # sizes; no program needed, one after it is not run. Compared with glibc.
    glibc = "/lib64/ld-linux-x86-64.so.2"
    for env in ({}, {"GLIBC_TUNABLES": "glibc.malloc.check=3:glibc.cpu.x86_rep_movsb_threshold=0x3000:"
                                       "glibc.cpu.hwcaps=-AVX2:glibc.rtld.nns=7:glibc.malloc.tcache_count=-1"},
                {"MALLOC_ARENA_MAX": "4", "GLIBC_TUNABLES": "glibc.cpu.x86_non_temporal_threshold=0x1"}):
        want = run([glibc, "--list-tunables"], env)
        expect(f"glibc lists its tunables ({env})", (want[0], len(want[1].splitlines()) > 30), (0, True))
        expect(f"same as glibc ({env})", run([ldr, "--list-tunables"], env), want)
    expect("a program after it is not run", run([ldr, "--list-tunables", hello]),
           run([glibc, "--list-tunables", hello]))
    expect("a bad option after it is still an error", run([ldr, "--list-tunables", "--bogus"])[0],
           run([glibc, "--list-tunables", "--bogus"])[0])
    st, out, err = run([ldr, "--help"])
    expect("in --help", "  --list-tunables       list all tunables with minimum and maximum values\n" in out, True)
elif case == "list_diagnostics_like_glibc":
    # ld.so --list-diagnostics: glibc's lines in glibc's order and quoting
    # (environment filtered as glibc filters it, auxv, uname, cpu_features
    # after GLIBC_TUNABLES, the active glibc-hwcaps levels), then ldr.* keys.
    # Equal to glibc's but for what is the loader's own: path.prefix,
    # path.rtld, and auxv values that are addresses or the loader's path.
    # Pinned to one CPU: CPUID leaf 1 carries the APIC ID.
    glibc = "/lib64/ld-linux-x86-64.so.2"
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    own_paths = ("path.prefix=", "path.rtld=")
    addresses = {0x3, 0x7, 0x9, 0x19, 0x1f, 0x21}  # AT_PHDR, AT_BASE, AT_ENTRY, AT_RANDOM, AT_EXECFN, AT_SYSINFO_EHDR

    def masked(out):
        lines, types = [], {}
        for line in out.splitlines():
            m = re.match(r"auxv\[(0x[0-9a-f]+)\]\.a_(type|val)=(.*)", line)
            if m and m.group(2) == "type":
                types[m.group(1)] = int(m.group(3), 16)
            elif m and types.get(m.group(1)) in addresses:
                line = f"auxv[{m.group(1)}].a_val=(varies)"
            elif line.startswith(own_paths):
                line = line.split("=")[0] + "=(the loader's)"
            lines.append(line)
        return lines

    for env in ({"LANG": "C", "LD_PROFILE_OUTPUT": "/tmp/prof", "HIDDEN": "secret",
                 "LC_ALL": "quote\"back\\slash\ttab\u00e9", "MALLOC_TOP_PAD_": "1"},
                {"GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX2:glibc.cpu.x86_rep_movsb_threshold=0x3000"},
                {"GLIBC_TUNABLES": "glibc.cpu.hwcaps=-SSE4_2"}):
        want = run([glibc, "--list-diagnostics"], env)
        got = run([ldr, "--list-diagnostics"], env)
        expect(f"status ({env})", (got[0], got[2]), (want[0], want[2]))
        w, g = masked(want[1]), masked(got[1])
        expect(f"glibc's lines ({env})", g[:len(w)], w)
        expect(f"then ldr's ({env})", [line.split("=")[0] for line in g[len(w):]],
               ["ldr.version", "ldr.cache", "ldr.bind_cache", "ldr.glibc_package"])
    expect("a filtered variable shows its name only", 'env_filtered[' in want[1] and "secret" not in got[1], True)
    # Every option is read first; the last list option wins; a program after it is not run.
    for args in (["--list-diagnostics", "--list-tunables"], ["--list-tunables", "--list-diagnostics", hello],
                 ["--list-diagnostics", "--bogus"]):
        want, got = run([glibc] + args), run([ldr] + args)
        expect(f"{args}: status, first line", (got[0], got[1].split("\n")[0]), (want[0], want[1].split("\n")[0]))
    st, out, err = run([ldr, "--help"])
    expect("in --help", "  --list-diagnostics    list diagnostics information\n" in out, True)
else:
    print(f"unknown case {case}")
    sys.exit(2)
print(f"ok {case}")
