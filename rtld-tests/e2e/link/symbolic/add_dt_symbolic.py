#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copies an ELF64 shared object and turns the DT_NULL that ends its dynamic
# section into DT_SYMBOLIC; one of the spare DT_NULL slots GNU ld leaves
# after it becomes the new terminator. Fails if there is no spare slot.
import struct
import sys

src, dst = sys.argv[1:3]
data = bytearray(open(src, 'rb').read())
e_phoff, = struct.unpack_from('<Q', data, 0x20)
e_phentsize, e_phnum = struct.unpack_from('<HH', data, 0x36)
for i in range(e_phnum):
    p_type, _, p_offset, _, _, p_filesz = struct.unpack_from('<IIQQQQ', data, e_phoff + i * e_phentsize)
    if p_type != 2:  # PT_DYNAMIC
        continue
    entries = [struct.unpack_from('<qQ', data, p_offset + k * 16) for k in range(p_filesz // 16)]
    end = next(k for k, (tag, _) in enumerate(entries) if tag == 0)
    if end + 1 >= len(entries):
        sys.exit('no spare DT_NULL slot after the dynamic section terminator')
    struct.pack_into('<qQ', data, p_offset + end * 16, 16, 0)  # DT_SYMBOLIC
    open(dst, 'wb').write(data)
    sys.exit(0)
sys.exit('no PT_DYNAMIC')
