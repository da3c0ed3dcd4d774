#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs one e2e case (cases.py) in each of its modes -- ldr as PT_INTERP, a
# patchelf'd copy, `ldr PROG`, glibc's ld.so -- normalises addresses and
# build paths, and compares exit status, stdout and stderr with golden/.
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import CASES  # noqa: E402

GLIBC_LDSO = '/lib64/ld-linux-x86-64.so.2'
TIMEOUT = 20  # seconds per run


def elf_interp(path):
    """PT_INTERP of an ELF file, None if it has none; raises if not ELF64."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:4] != b'\x7fELF' or data[4] != 2:
        raise ValueError(f'{path}: not an ELF64 file')
    phoff = int.from_bytes(data[32:40], 'little')
    phentsize = int.from_bytes(data[54:56], 'little')
    phnum = int.from_bytes(data[56:58], 'little')
    for i in range(phnum):
        ph = data[phoff + i * phentsize: phoff + (i + 1) * phentsize]
        if int.from_bytes(ph[0:4], 'little') == 3:  # PT_INTERP
            off = int.from_bytes(ph[8:16], 'little')
            size = int.from_bytes(ph[32:40], 'little')
            return data[off:off + size].rstrip(b'\0').decode()
    return None


class Runner:
    def __init__(self, args, name, case):
        self.ldr = os.path.abspath(args.ldr)
        self.build = os.path.abspath(args.build)
        self.src = os.path.abspath(args.src)
        self.name = name
        self.case = case
        self.golden_dir = os.path.join(self.src, 'golden')

    def expand(self, s):
        return s.replace('{build}', self.build).replace('{src}', self.src)

    def normalise(self, text):
        text = text.replace(self.ldr, '<LDR>')
        text = text.replace(self.build, '<BUILD>').replace(self.src, '<SRC>')
        # `ldr ./prog` makes $ORIGIN "<cwd>/." (as glibc does); PT_INTERP runs
        # take it from /proc/self/exe. Both spellings name the same file.
        text = text.replace('<BUILD>/./', '<BUILD>/')
        text = re.sub(r'\b(main_\w+)\.(ldr|patched)\b', r'\1', text)
        return re.sub(r'\(0x[0-9a-f]+\)', '(0xADDR)', text)

    def program(self, suffix=''):
        """(file to execute, the name to pass as the program)."""
        prog = self.expand(self.case.prog)
        path = prog if os.path.isabs(prog) else os.path.join(self.build, prog)
        path += suffix
        if self.case.absolute or os.path.isabs(prog):
            return path, path
        return path, './' + os.path.relpath(path, self.build)

    def command(self, mode):
        """(file to execute, argv) for one mode, after checking its PT_INTERP."""
        c = self.case
        opts = [self.expand(o) for o in c.opts]
        args = [self.expand(a) for a in c.args]
        if mode in ('interp', 'patched'):
            path, shown = self.program('.' + ('ldr' if mode == 'interp' else 'patched'))
            want = self.ldr
            argv = [shown] + args
        else:
            path, shown = self.program()
            want = GLIBC_LDSO
            argv = [self.ldr if mode == 'direct' else GLIBC_LDSO] + opts + [shown] + args
        if not os.path.exists(path):
            raise FileNotFoundError(f'{path} was not built' +
                                    (' (patchelf not found at configure time?)' if mode == 'patched' else ''))
        if c.elf_program:
            got = elf_interp(path)
            if got != want:
                raise ValueError(f'{path}: PT_INTERP is {got!r}, expected {want!r}')
        # Execute interp/patched files by the name shown (relative to cwd), as a
        # shell would, so AT_EXECFN is that name too.
        return (shown if mode in ('interp', 'patched') else argv[0]), argv

    def run(self, mode):
        exe, argv = self.command(mode)
        env = {k: self.expand(v) for k, v in self.case.env.items()}
        if mode == 'glibc' and self.case.glibc_skip_finalizer:
            env['RT_SKIP_FINALIZER'] = '1'
        cwd = self.expand(self.case.cwd)
        shown = ' '.join(f'{k}={v}' for k, v in env.items()) + (' ' if env else '')
        print(f'[{mode}] cd {cwd} && {shown}{" ".join(argv)}')
        try:
            p = subprocess.run(argv, executable=exe, cwd=cwd, env=env, capture_output=True,
                               timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return f'status: timeout after {TIMEOUT}s\n'
        status = str(p.returncode) if p.returncode >= 0 else f'signal {-p.returncode}'
        return self.render(status, p.stdout.decode(errors='replace'),
                           p.stderr.decode(errors='replace'))

    def render(self, status, out, err):
        lines = [f'status: {status}']
        for label, text in (('stdout', out), ('stderr', err)):
            lines.append(f'{label}:')
            text = self.normalise(text)
            if text:
                body = text[:-1] if text.endswith('\n') else text
                lines += ['| ' + line for line in body.split('\n')]
                if not text.endswith('\n'):
                    lines.append('\\ no newline at end')
        return '\n'.join(lines) + '\n'

    def golden_path(self, mode):
        glibc = mode == 'glibc' and self.case.glibc_differs
        return os.path.join(self.golden_dir, self.name + ('.glibc' if glibc else '') + '.txt')

    def check_fixtures(self):
        problems = []
        readelf = shutil.which('readelf')
        if self.case.requires and readelf is None:
            return ['readelf not found: cannot check the fixtures']
        for rel, pattern in self.case.requires:
            path = os.path.join(self.build, rel)
            p = subprocess.run([readelf, '-hlrdVW', '--dyn-syms', path], capture_output=True, text=True,
                               timeout=TIMEOUT)
            if not re.search(pattern, p.stdout):
                problems.append(f'fixture {rel} lacks /{pattern}/ in readelf output; '
                                'the case would not test what it claims')
        return problems


def run_case(args):
    if args.case not in CASES:
        print(f'unknown case {args.case!r}')
        return 1
    r = Runner(args, args.case, CASES[args.case])
    failures = r.check_fixtures()
    for f in failures:
        print('FAIL:', f)
    for mode in r.case.modes:
        try:
            got = r.run(mode)
        except (OSError, ValueError) as e:
            failures.append(f'{mode}: {e}')
            print(f'FAIL [{mode}]: {e}')
            continue
        golden = r.golden_path(mode)
        if args.update and not os.path.exists(golden):
            with open(golden, 'w') as f:
                f.write(got)
            print(f'wrote {golden}')
        try:
            with open(golden) as f:
                want = f.read()
        except FileNotFoundError:
            want = ''
        if got == want:
            print(f'PASS [{mode}] matches {os.path.basename(golden)}')
            continue
        failures.append(mode)
        print(f'FAIL [{mode}] differs from {os.path.relpath(golden, r.src)}:')
        sys.stdout.writelines(difflib.unified_diff(
            want.splitlines(True), got.splitlines(True), f'golden/{os.path.basename(golden)}',
            f'{mode} (normalised)'))
    if r.case.glibc_differs and 'glibc' in r.case.modes:
        print(f'note: intentional difference from glibc: {r.case.glibc_differs}')
    print(f'{args.case}: {"FAIL" if failures else "PASS"}')
    return 1 if failures else 0


def check_table(args):
    """The Meson test list, cases.py and golden/ must describe the same cases."""
    problems = []
    registered = set(args.names)
    for n in sorted(registered - CASES.keys()):
        problems.append(f'{n}: registered in meson.build but not in cases.py')
    for n in sorted(CASES.keys() - registered):
        problems.append(f'{n}: in cases.py but not registered in meson.build')
    golden = os.path.join(os.path.abspath(args.src), 'golden')
    expected = set()
    for n, c in CASES.items():
        expected.add(n + '.txt')
        if c.glibc_differs:
            expected.add(n + '.glibc.txt')
            if 'glibc' not in c.modes:
                problems.append(f'{n}: glibc_differs set but glibc is not run')
    present = set(os.listdir(golden))
    for f in sorted(expected - present):
        problems.append(f'golden/{f} missing')
    for f in sorted(present - expected):
        problems.append(f'golden/{f} belongs to no case')
    for p in problems:
        print('FAIL:', p)
    print(f'{len(CASES)} cases, {len(present)} golden files: {"FAIL" if problems else "PASS"}')
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--case')
    ap.add_argument('--check-table', action='store_true')
    ap.add_argument('--ldr', required=True)
    ap.add_argument('--build', required=True)
    ap.add_argument('--src', required=True)
    ap.add_argument('--update', action='store_true', help='write missing golden files')
    ap.add_argument('names', nargs='*')
    args = ap.parse_args()
    return check_table(args) if args.check_table else run_case(args)


if __name__ == '__main__':
    sys.exit(main())
