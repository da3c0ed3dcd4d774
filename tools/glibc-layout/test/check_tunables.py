#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Test: tunables::kList vs `ld.so --list-tunables` (id order, names, type via
# the printed format, default/min/max), then every env alias in the header
# is set and must show up as that tunable's value.
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
import layout_dump  # noqa: E402

# Set at startup by dl_init_cacheinfo (TUNABLE_SET_WITH_BOUNDS, sysdeps/x86/
# dl-cacheinfo.h): printed values are CPU-derived, not tunable_list's.
RUNTIME = {'glibc.cpu.x86_data_cache_size', 'glibc.cpu.x86_shared_cache_size',
           'glibc.cpu.x86_non_temporal_threshold', 'glibc.cpu.x86_rep_movsb_threshold',
           'glibc.cpu.x86_rep_stosb_threshold'}
LINE = re.compile(r'^([\w.]+): ?(\S*)(?: \(min: (\S+), max: (\S+)\))?$')


def list_tunables(ldso, env):
    out = subprocess.run([ldso, '--list-tunables'], env=env, check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            raise SystemExit('cannot parse: ' + line)
        rows.append(m.groups())
    return rows


def printed(t, v):
    """How ld.so prints value v of tunable t (dl-tunables.c __tunables_print)."""
    if t['type'] == 'INT_32':
        v &= 0xffffffff
        return str(v - (1 << 32) if v >= 1 << 31 else v)
    return hex(v & 0xffffffffffffffff)


def main():
    model = layout_dump.load(sys.argv[1])
    ldso = sys.argv[2]
    tun = model['tunables']
    aliases = {t['alias'] for t in tun if t['alias']}
    env = {k: v for k, v in os.environ.items()
           if k != 'GLIBC_TUNABLES' and k not in aliases and not k.startswith('MALLOC_')}
    rows = list_tunables(ldso, env)
    fails = 0
    if [r[0] for r in rows] != [t['name'] for t in tun]:
        print('FAIL order/names differ:\n ld.so :', [r[0] for r in rows], '\n header:', [t['name'] for t in tun])
        return 1
    for t, (name, val, lo, hi) in zip(tun, rows):
        if t['type'] == 'STRING':
            ok = lo is None and hi is None
        elif t['name'] in RUNTIME:
            ok = val.startswith('0x') == (t['type'] != 'INT_32')  # type via format only
        else:
            ok = (val, lo, hi) == (printed(t, t['default']), printed(t, t['min']), printed(t, t['max']))
        print(('ok   ' if ok else 'FAIL ') + f'{t["id"]:2} {name} {t["type"]}: ld.so {val} ({lo}, {hi}), '
              f'header {t["default"]} ({t["min"]}, {t["max"]})')
        fails += not ok
    # Env aliases: pick an in-range value different from the default.
    env2, want = dict(env), {}
    for t in tun:
        if not t['alias']:
            continue
        v = t['min'] if t['min'] != t['default'] else t['min'] + 1
        env2[t['alias']] = str(v)
        want[t['name']] = printed(t, v)
    for name, val, _, _ in list_tunables(ldso, env2):
        if name in want and val != want[name]:
            print(f'FAIL alias of {name}: set {want[name]}, ld.so shows {val}')
            fails += 1
    print(f'{len(tun)} tunables, {len(want)} env aliases checked, {fails} failures')
    return 1 if fails or len(want) == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
