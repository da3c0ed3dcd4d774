#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Test: every non-bit-field member of every type in glibc_layout.h vs gdb's
# own DWARF reader: offsetof via &((T *) 0)->path, sizeof, and _Alignof(T).
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
import layout_dump  # noqa: E402


def main():
    model = layout_dump.load(sys.argv[1])
    gdb = sys.argv[2]
    by_debug = {}
    for sname, st in model['structs'].items():
        by_debug.setdefault(st['debug'], []).append((sname, st))
    fails = compared = 0
    for debug, structs in by_debug.items():
        cmds, want = ['set language c', 'set width 0'], []
        for sname, st in structs:
            t = st['c_type']
            cmds.append(f'printf "%ld %ld\\n", (long) sizeof({t}), (long) _Alignof({t})')
            want.append((f'{sname} size/align', f'{st["size"]} {st["align"]}'))
            for fname, f in st['fields'].items():
                if f['bit_size'] or f['count'] == 0:
                    continue  # no address for bit-fields; no sizeof for flexible arrays
                p = f'((({t} *) 0)->{f["cpath"]})'
                cmds.append(f'printf "%ld %ld\\n", (long) &{p}, (long) sizeof({p})')
                want.append((f'{sname}.{fname}', f'{f["offset"]} {f["size"]}'))
        with tempfile.NamedTemporaryFile('w', suffix='.gdb') as script:
            script.write('\n'.join(cmds) + '\n')
            script.flush()
            r = subprocess.run([gdb, '-nx', '-batch', '-ex', f'file {debug}', '-x', script.name],
                               capture_output=True, text=True)
        got = [l for l in r.stdout.splitlines() if l and l[0].isdigit()]
        if len(got) != len(want):
            print(f'FAIL {debug}: gdb answered {len(got)} of {len(want)} queries\n{r.stderr[-2000:]}')
            return 1
        for (what, w), g in zip(want, got):
            compared += 1
            if w != g:
                print(f'FAIL {what}: header {w}, gdb {g}')
                fails += 1
    print(f'{compared} values compared with gdb, {fails} failures')
    return 1 if fails or compared < 500 else 0


if __name__ == '__main__':
    sys.exit(main())
