#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs corpus cases under ldr -- as the program (`ldr ./bad`), directly through
# PT_INTERP, and as a dependency (dep/libcorp.so.1) -- and under glibc's ld.so,
# and compares each outcome with golden.tsv. --record rewrites golden.tsv.
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_corpus import CASES, VALID  # noqa: E402

GLIBC_LDSO = '/lib64/ld-linux-x86-64.so.2'
GOOD_MAIN = 'corp_main'  # the good program that needs libcorp.so.1
TIMEOUT = 10  # seconds per run
LDR_MODES = ('program', 'direct', 'dependency')
NO_STRACE = 'unverified (no strace)'
GLIBC_MODES = ('glibc-program', 'glibc-dependency')


def elf_interp(path):
    """PT_INTERP of a file read as ELF64 whatever its e_ident says, else None."""
    try:
        with open(path, 'rb') as f:
            data = f.read()
        if len(data) < 64:
            return None
        phoff = int.from_bytes(data[32:40], 'little')
        phnum = int.from_bytes(data[56:58], 'little')
        for i in range(min(phnum, 64)):
            ph = data[phoff + 56 * i: phoff + 56 * (i + 1)]
            if len(ph) == 56 and int.from_bytes(ph[0:4], 'little') == 3:
                off, size = int.from_bytes(ph[8:16], 'little'), int.from_bytes(ph[32:40], 'little')
                return data[off:off + size].rstrip(b'\0').decode(errors='replace')
    except OSError:
        return None
    return None


def printable(line):
    """Control characters (glibc may print garbage names) as \\xNN."""
    return ''.join(c if c >= ' ' and c != '\x7f' else f'\\x{ord(c):02x}' for c in line)


class Runner:
    def __init__(self, ldr, corpus, build):
        self.ldr = os.path.abspath(ldr)
        self.corpus = os.path.abspath(corpus)
        self.build = os.path.abspath(build)

    def normalise(self, text):
        return (text.replace(self.ldr, '@LDR@').replace(self.corpus, '@CORPUS@')
                .replace(self.build, '@BUILD@'))

    @staticmethod
    def env(library_path):
        env = {k: v for k, v in os.environ.items() if not k.startswith(('LD_', 'LDR_'))}
        env['LD_LIBRARY_PATH'] = library_path
        return env

    def kernel_refusal(self, argv, cwd, library_path):
        """'execve: -1 EINVAL' when the kernel failed the exec and killed the
        process past its point of no return (ldr never ran), None if it did
        not, NO_STRACE if strace is missing."""
        strace = shutil.which('strace')
        if strace is None:
            return NO_STRACE
        with tempfile.NamedTemporaryFile('r', suffix='.strace') as log:
            try:
                subprocess.run([strace, '-qq', '-e', 'trace=execve', '-o', log.name] + argv, cwd=cwd,
                               env=self.env(library_path), stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=TIMEOUT)
            except (subprocess.TimeoutExpired, OSError):
                return None
            first = log.readline()
        if first.startswith('execve(') and '= -1 ' in first:
            return 'execve: -1 ' + first.split('= -1 ', 1)[1].split()[0]
        return None

    def run(self, argv, cwd, library_path, direct=False):
        """The outcome of one run, as a golden string."""
        try:
            p = subprocess.run(argv, cwd=cwd, env=self.env(library_path), stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return 'timeout'
        except OSError as e:
            return 'refused ' + (os.strerror(e.errno) if e.errno else str(e))
        out = [printable(line) for line in p.stdout.decode(errors='backslashreplace').splitlines()]
        err = [self.normalise(printable(line))
               for line in p.stderr.decode(errors='backslashreplace').splitlines()]
        if p.returncode < 0:
            try:
                name = signal.Signals(-p.returncode).name
            except ValueError:
                name = str(-p.returncode)
            refusal = self.kernel_refusal(argv, cwd, library_path) if direct else None
            if refusal is not None:
                return f'kernel-killed {name} | {refusal}'
            return ' | '.join(['signal ' + name] + err)
        if p.returncode == 0 and not err:
            return 'exit 0 | ' + ' | '.join(out)
        if p.returncode == 127 and len(err) == 1 and not out:
            return '127 | ' + err[0]
        return ' | '.join([f'exit {p.returncode}'] + [f'stdout: {o}' for o in out] + err)

    def outcomes(self, name):
        """{mode: outcome} for every mode of one case."""
        res = {}
        good = os.path.join(self.corpus, 'good')
        if name in VALID:
            prog = VALID[name][0]
            cwd, target, libs = good, './' + prog, '.'
            res['program'] = self.run([self.ldr, target], cwd, libs)
            res['direct'] = self.run([target], cwd, libs, direct=True)
            res['dependency'] = 'n/a | the program itself loads the cycle'
            res['glibc-program'] = self.run([GLIBC_LDSO, target], cwd, libs)
            res['glibc-dependency'] = res['dependency']
            return res
        cwd = os.path.join(self.corpus, name)
        target = './' + name
        main = '../good/' + GOOD_MAIN
        res['program'] = self.run([self.ldr, target], cwd, '../good')
        if elf_interp(os.path.join(cwd, name)) == self.ldr:
            res['direct'] = self.run([target], cwd, '../good', direct=True)
        else:
            res['direct'] = 'n/a | no PT_INTERP naming ldr'
        res['dependency'] = self.run([self.ldr, main], cwd, 'dep')
        res['glibc-program'] = self.run([GLIBC_LDSO, target], cwd, '../good')
        res['glibc-dependency'] = self.run([GLIBC_LDSO, main], cwd, 'dep')
        return res


def load_golden(path):
    golden = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            case, mode, outcome = line.split('\t', 2)
            golden[(case, mode)] = outcome
    return golden


def strip_prog(outcome):
    """The part of a '127 | PROG: ...' outcome after the program name."""
    if not outcome.startswith('127 | '):
        return None
    line = outcome[len('127 | '):]
    return line.split(': ', 1)[1] if ': ' in line else line


def check_case(runner, name, golden):
    """Prints one line per mode; returns the number of failures."""
    got = runner.outcomes(name)
    failures = 0
    for mode in LDR_MODES:
        want = golden.get((name, mode))
        ok = got[mode] == want
        problems = []
        if got[mode].endswith(NO_STRACE) and want and got[mode].split(' | ')[0] == want.split(' | ')[0]:
            ok = True  # the same signal; without strace we cannot see the failed execve
        if not ok:
            problems.append(f'golden: {want}')
        if name in CASES and not got[mode].startswith(('127 | ', 'n/a | ', 'refused ', 'kernel-killed ')):
            problems.append('a malformed object must give status 127 and one stderr line')
            ok = False
        if name in VALID and mode != 'dependency' and not got[mode].startswith('exit 0 | '):
            ok = False
        if 'signal' in got[mode].split(' | ')[0]:
            problems.append('ldr must never die by a signal')
            ok = False
        failures += not ok
        print(f'{"PASS" if ok else "FAIL"} {name} {mode}: {got[mode]}')
        for p in problems:
            print(f'     {p}')
    # glibc is the oracle where it has a message for the fault: where the
    # golden records that it agrees with ldr, it must still agree.
    for mode in GLIBC_MODES:
        want = golden.get((name, mode))
        ldr_mode = mode.split('-', 1)[1]
        agrees = strip_prog(want or '') is not None and \
            strip_prog(want) == strip_prog(golden.get((name, ldr_mode), ''))
        if not os.path.exists(GLIBC_LDSO) or not agrees:
            print(f'info {name} {mode}: {got[mode]}' + ('' if agrees else ' (differs from ldr)'))
            continue
        ok = got[mode] == want
        failures += not ok
        print(f'{"PASS" if ok else "FAIL"} {name} {mode} (same message as ldr): {got[mode]}')
        if not ok:
            print(f'     golden: {want}')
    return failures


def check_table(meson_names, golden):
    """Meson registers the case list at configure time: catch a stale one."""
    names = list(CASES) + list(VALID)
    problems = []
    if sorted(meson_names) != sorted(names):
        problems.append('Meson\'s case list differs from make_corpus.py: reconfigure '
                        f'(only in Meson: {sorted(set(meson_names) - set(names))}, '
                        f'only in make_corpus.py: {sorted(set(names) - set(meson_names))})')
    missing = [f'{n} {m}' for n in names for m in LDR_MODES + GLIBC_MODES if (n, m) not in golden]
    if missing:
        problems.append('golden.tsv lacks: ' + ', '.join(missing))
    stale = sorted({n for n, _ in golden} - set(names))
    if stale:
        problems.append('golden.tsv has unknown cases: ' + ', '.join(stale))
    for p in problems:
        print('FAIL ' + p)
    print(f'{len(names)} cases in make_corpus.py, {len(meson_names)} registered in Meson')
    return 1 if problems else 0


def record(runner, names, path):
    with open(path, 'w') as f:
        f.write('# SPDX-License-Identifier: MIT\n'
                '# Golden outcomes of the bad-input corpus (case, mode, outcome) from check_corpus.py\n'
                '# --record, reviewed. "127 | LINE" = status 127 and one stderr line. Modes (see\n'
                '# check_corpus.py): program `ldr ./CASE`; direct ./CASE via PT_INTERP; dependency:\n'
                '# CASE as libcorp.so.1; glibc-*: glibc 2.36 ld.so, checked where equal to ldr\'s.\n')
        for name in names:
            got = runner.outcomes(name)
            for mode in LDR_MODES + GLIBC_MODES:
                f.write(f'{name}\t{mode}\t{got[mode]}\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ldr', required=True)
    ap.add_argument('--corpus', required=True, help='the directory make_corpus.py wrote')
    ap.add_argument('--build', required=True, help='the build directory (shown as @BUILD@)')
    ap.add_argument('--golden', required=True)
    ap.add_argument('--record', action='store_true')
    ap.add_argument('--check-table', action='store_true',
                    help='check that the given cases (Meson\'s) and golden.tsv match make_corpus.py')
    ap.add_argument('cases', nargs='*')
    args = ap.parse_args()
    runner = Runner(args.ldr, args.corpus, args.build)
    if args.check_table:
        return check_table(args.cases, load_golden(args.golden))
    names = args.cases or list(CASES) + list(VALID)
    unknown = [n for n in names if n not in CASES and n not in VALID]
    if unknown:
        print('unknown case(s): ' + ' '.join(unknown))
        return 2
    if args.record:
        record(runner, names, args.golden)
        return 0
    golden = load_golden(args.golden)
    failures = sum(check_case(runner, n, golden) for n in names)
    print(f'{len(names)} case(s), {failures} failure(s)')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
