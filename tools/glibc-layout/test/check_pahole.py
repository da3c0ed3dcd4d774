#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Test: every type in glibc_layout.h vs `pahole -E -C <type> <debug file>`:
# size and every flattened member (offset, size, bit position), both ways.
# Only a type pahole cannot print by name (anonymous typedef) is skipped.
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
import layout_dump  # noqa: E402

MEMBER = re.compile(r'^(.*?);\s*/\*\s*(\d+)(?::\s*(\d+))?\s+(\d+)\s*\*/\s*$')


def member_name(decl):
    decl = re.sub(r'__attribute__\(\((?:[^()]|\([^()]*\))*\)\)', ' ', decl).strip()
    m = re.search(r'\(\s*\*\s*(\w+)\s*\)\s*\(', decl)
    if m:
        return m.group(1), False
    m = re.search(r'(\w+)\s*:\s*\d+$', decl)
    if m:
        return m.group(1), False
    dims = re.search(r'(\[\d*\])+$', decl)
    if dims:
        decl = decl[:dims.start()]
    m = re.search(r'(\w+)\s*$', decl)
    return (m.group(1) if m else ''), bool(dims)


def parse(text):
    stack, size, root = [], None, None
    for raw in text.splitlines():
        s = raw.strip()
        if not s:
            continue
        if s.startswith('/*') and s.endswith('*/') and not MEMBER.match(s):
            m = re.match(r'/\* size: (\d+)', s)
            if m and len(stack) == 1:
                size = int(m.group(1))
            continue
        s = re.sub(r'^/\*.*?\*/\s*', '', s)
        if s.endswith('{'):
            stack.append([])
            continue
        if s.startswith('}'):
            children = stack.pop()
            if not stack:
                root = children
                break
            m = MEMBER.match(s[1:].strip())
            if not m:
                raise SystemExit('cannot parse pahole line: ' + raw)
            name, is_array = member_name(m.group(1))
            if not name:  # anonymous struct/union: members promoted
                stack[-1].extend(children)
                continue
            stack[-1].append((name, int(m.group(2)), m.group(3), int(m.group(4))))
            prefix = name + ('__0__' if is_array else '__')
            stack[-1].extend((prefix + c[0],) + c[1:] for c in children)
            continue
        m = MEMBER.match(s)
        if m and stack:
            name, _ = member_name(m.group(1))
            stack[-1].append((name, int(m.group(2)), m.group(3), int(m.group(4))))
    return size, root


def main():
    dump, pahole = sys.argv[1], sys.argv[2]
    model = layout_dump.load(dump)
    failures = compared = 0
    for sname, st in model['structs'].items():
        query = st['c_type'].split()[-1]
        text = subprocess.run([pahole, '-E', '-C', query, st['debug']], capture_output=True, text=True).stdout
        m = re.match(r'typedef (?:struct|union) (\w+) \w+;', text.strip())
        if m:  # pahole prints only the typedef line: ask for the tag
            text = subprocess.run([pahole, '-E', '-C', m.group(1), st['debug']], capture_output=True,
                                  text=True).stdout
        if '/* size:' not in text:
            print(f'skip {sname}: pahole cannot print {st["c_type"]} by name')
            continue
        size, members = parse(text)
        if size != st['size']:
            print(f'FAIL {sname}: size {st["size"]}, pahole {size}')
            failures += 1
        theirs = {}
        for name, off, bit, sz in members:
            theirs[name] = (off, sz, int(bit) if bit is not None else None)
        ours = st['fields']
        for name, (off, sz, bit) in theirs.items():
            compared += 1
            f = ours.get(name)
            if f is None:
                print(f'FAIL {sname}.{name}: in pahole ({off}, {sz}) but not in the header')
                failures += 1
            elif (f['offset'], f['size']) != (off, sz) or (bit is not None and f['bit_offset'] != bit) \
                    or (bit is None) != (f['bit_size'] == 0):
                print(f'FAIL {sname}.{name}: header off {f["offset"]} size {f["size"]} bit {f["bit_offset"]}'
                      f'/{f["bit_size"]}, pahole off {off} size {sz} bit {bit}')
                failures += 1
        for name in ours:
            if name not in theirs:
                print(f'FAIL {sname}.{name}: in the header but not in pahole')
                failures += 1
        print(f'done {sname}: {len(theirs)} members, size {size}')
    print(f'{compared} members compared, {failures} failures')
    if compared < 500:
        print('FAIL: suspiciously few members compared')
        return 1
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
