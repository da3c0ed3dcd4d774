#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Builds the bad-input corpus: copies the good objects Meson built into
# OUT/good/ and writes one malformed object per case, OUT/<case>/<case>, made by
# patching bytes of the good program or library (see CASES), plus OUT/<case>/dep/
# holding it as libcorp.so.1. `--list` prints the case names for meson.build.
import argparse
import os
import shutil
import struct
import sys

PROG, LIB = 'corp_main', 'libcorp.so.1'
GOOD = ['corp_main', 'libcorp.so.1', 'libcorpbase.so.1', 'corp_main_self', 'libself.so.1',
        'corp_main_cyc', 'libcyca.so.1', 'libcycb.so.1']

PT_LOAD, PT_DYNAMIC, PT_NOTE, PT_TLS = 1, 2, 4, 7
DT_NULL, DT_NEEDED, DT_RELASZ, DT_STRTAB, DT_SYMTAB, DT_STRSZ, DT_SYMENT = 0, 1, 8, 5, 6, 10, 11
DT_SONAME, DT_RELA, DT_JMPREL, DT_GNU_HASH = 14, 7, 23, 0x6ffffef5
DT_VERDEF, DT_VERDEFNUM, DT_VERNEED, DT_VERNEEDNUM = 0x6ffffffc, 0x6ffffffd, 0x6ffffffe, 0x6fffffff
EH_FIELDS = {'e_type': (16, 'H'), 'e_machine': (18, 'H'), 'e_phoff': (32, 'Q'),
             'e_phentsize': (54, 'H'), 'e_phnum': (56, 'H')}
PH_FIELDS = {'p_type': (0, 'I'), 'p_flags': (4, 'I'), 'p_offset': (8, 'Q'), 'p_vaddr': (16, 'Q'),
             'p_paddr': (24, 'Q'), 'p_filesz': (32, 'Q'), 'p_memsz': (40, 'Q'), 'p_align': (48, 'Q')}


class Elf:
    """A mutable ELF64 little-endian image with just enough structure to patch it."""

    def __init__(self, data):
        self.b = bytearray(data)

    def get(self, off, fmt):
        return struct.unpack_from('<' + fmt, self.b, off)[0]

    def put(self, off, fmt, value):
        struct.pack_into('<' + fmt, self.b, off, value)

    def eh(self, field, value=None):
        off, fmt = EH_FIELDS[field]
        if value is None:
            return self.get(off, fmt)
        self.put(off, fmt, value)

    def ph(self, i, field, value=None):
        off, fmt = PH_FIELDS[field]
        off += self.eh('e_phoff') + 56 * i
        if value is None:
            return self.get(off, fmt)
        self.put(off, fmt, value)

    def phdrs(self, p_type):
        return [i for i in range(self.eh('e_phnum')) if self.ph(i, 'p_type') == p_type]

    def off(self, vaddr):
        """File offset of a link-time address (inside some PT_LOAD's file bytes)."""
        for i in self.phdrs(PT_LOAD):
            v, n = self.ph(i, 'p_vaddr'), self.ph(i, 'p_filesz')
            if v <= vaddr < v + n:
                return self.ph(i, 'p_offset') + vaddr - v
        raise ValueError(f'address {vaddr:#x} is not file-backed')

    def dyn_slots(self):
        """File offsets of every PT_DYNAMIC entry (including trailing DT_NULLs)."""
        d = self.phdrs(PT_DYNAMIC)[0]
        base = self.ph(d, 'p_offset')
        return [base + 16 * k for k in range(self.ph(d, 'p_filesz') // 16)]

    def dyn(self, tag, value=None, nth=0):
        """Value of the nth entry with `tag`, or sets it."""
        hits = [o for o in self.dyn_slots() if self.get(o, 'q') == tag]
        if value is None:
            return self.get(hits[nth] + 8, 'Q')
        self.put(hits[nth] + 8, 'Q', value)

    def table(self, tag):
        return self.off(self.dyn(tag))

    def rela(self, tag, k, field, value):
        off = self.table(tag) + 24 * k
        if field == 'offset':
            self.put(off, 'Q', value)
        elif field == 'sym':
            self.put(off + 12, 'I', value)
        elif field == 'type':
            self.put(off + 8, 'I', value)


def truncate(n):
    return lambda e: e.b[:n(e) if callable(n) else n]


def ident(index, value):
    def f(e):
        e.b[index] = value
    return f


def eh_set(field, value):
    return lambda e: e.eh(field, value)


def nth_load(e, k):
    return e.phdrs(PT_LOAD)[k]


def ph_set(pick, **fields):
    def f(e):
        i = pick(e)
        for name, v in fields.items():
            e.ph(i, name, v(e, i) if callable(v) else v)
    return f


def dyn_set(tag, value):
    return lambda e: e.dyn(tag, value)


def dyn_retag(tag, new_tag):
    """The entry with `tag` becomes one with `new_tag` (the table is not named)."""
    def f(e):
        hits = [o for o in e.dyn_slots() if e.get(o, 'q') == tag]
        e.put(hits[0], 'q', new_tag)
    return f


def swap_loads(e):
    a, b = e.phdrs(PT_LOAD)[2:4]
    pa, pb = e.eh('e_phoff') + 56 * a, e.eh('e_phoff') + 56 * b
    e.b[pa:pa + 56], e.b[pb:pb + 56] = e.b[pb:pb + 56], e.b[pa:pa + 56]


def no_dt_null(e):
    for o in e.dyn_slots():
        if e.get(o, 'q') == DT_NULL:
            e.put(o, 'q', DT_SYMENT)
            e.put(o + 8, 'Q', 24)


def no_loads(e):
    for i in e.phdrs(PT_LOAD):
        e.ph(i, 'p_type', PT_NOTE)


def sym_name(k, value):
    return lambda e: e.put(e.table(DT_SYMTAB) + 24 * k, 'I', value)


def rela(tag, k, field, value):
    return lambda e: e.rela(tag, k, field, value)


def gnu_hash(word, value):
    return lambda e: e.put(e.table(DT_GNU_HASH) + 4 * word, 'I', value)


def verneed(field_off, fmt, value, num=None):
    """Patches the first Verneed (vn_cnt 2, vn_file 4, vn_aux 8, vn_next 12)."""
    def f(e):
        e.put(e.table(DT_VERNEED) + field_off, fmt, value)
        if num is not None:
            e.dyn(DT_VERNEEDNUM, num)
    return f


def vernaux(field_off, fmt, value):
    """Patches the first Vernaux of the first Verneed (vna_next at 12)."""
    def f(e):
        vn = e.table(DT_VERNEED)
        e.put(vn + e.get(vn + 8, 'I') + field_off, fmt, value)
    return f


def verdef(field_off, fmt, value, num=None):
    """Patches the first Verdef (vd_cnt 6, vd_aux 12, vd_next 16)."""
    def f(e):
        e.put(e.table(DT_VERDEF) + field_off, fmt, value)
        if num is not None:
            e.dyn(DT_VERDEFNUM, num)
    return f


def seg_middle(e):
    i = nth_load(e, 1)
    return e.ph(i, 'p_offset') + e.ph(i, 'p_filesz') // 2


# name: (base object, mutation, what it does). A mutation edits an Elf in
# place or returns the new bytes.
CASES = {
    # The file and its ELF header.
    'empty_file': (PROG, truncate(0), 'zero-length file'),
    'trunc_in_ident': (PROG, truncate(10), 'cut inside e_ident'),
    'trunc_in_ehdr': (PROG, truncate(40), 'cut inside the ELF header'),
    'trunc_in_phdrs': (PROG, truncate(lambda e: e.eh('e_phoff') + 56 * 2 + 20),
                       'cut inside the program headers'),
    'trunc_in_segment': (LIB, truncate(seg_middle), 'cut inside the text segment'),
    'trunc_in_segment_prog': (PROG, truncate(seg_middle), 'program cut inside its text segment'),
    'bad_magic': (PROG, ident(1, ord('X')), 'EI_MAG1 is X'),
    'class32': (PROG, ident(4, 1), 'ELFCLASS32'),
    'class_invalid': (PROG, ident(4, 3), 'EI_CLASS 3'),
    'big_endian': (PROG, ident(5, 2), 'ELFDATA2MSB'),
    'ident_version': (PROG, ident(6, 0), 'EI_VERSION 0'),
    'osabi_hpux': (PROG, ident(7, 1), 'EI_OSABI HP-UX'),
    'ident_padding': (PROG, ident(12, 7), 'nonzero e_ident padding'),
    'wrong_machine': (PROG, eh_set('e_machine', 183), 'EM_AARCH64'),
    'wrong_machine_lib': (LIB, eh_set('e_machine', 3), 'library for EM_386'),
    'type_rel': (PROG, eh_set('e_type', 1), 'ET_REL'),
    'type_core': (PROG, eh_set('e_type', 4), 'ET_CORE'),
    'bad_phentsize': (PROG, eh_set('e_phentsize', 32), 'e_phentsize 32'),
    'phnum_ffff': (PROG, eh_set('e_phnum', 0xffff), 'e_phnum 0xffff'),
    'phnum_zero': (PROG, eh_set('e_phnum', 0), 'no program headers'),
    'phoff_past_eof': (LIB, eh_set('e_phoff', 0x7fff0000), 'e_phoff past the end of the file'),
    # Program headers and segments.
    'load_overlap': (LIB, ph_set(lambda e: nth_load(e, 0), p_memsz=0x1800),
                     'first PT_LOAD grows into the second'),
    'load_descending': (LIB, swap_loads, 'PT_LOADs 3 and 4 swapped'),
    'load_congruence': (LIB, ph_set(lambda e: nth_load(e, 1),
                                    p_vaddr=lambda e, i: e.ph(i, 'p_vaddr') + 0x10),
                        'p_vaddr != p_offset modulo p_align'),
    'load_align_not_pow2': (LIB, ph_set(lambda e: nth_load(e, 1), p_align=0x3000),
                            'p_align 0x3000'),
    'load_align_small': (LIB, ph_set(lambda e: nth_load(e, 1), p_align=0x10),
                         'p_align 0x10, below the page size'),
    'load_filesz_gt_memsz': (LIB, ph_set(lambda e: nth_load(e, 3), p_memsz=0x100),
                             'data p_filesz > p_memsz'),
    'load_offset_past_eof': (LIB, ph_set(lambda e: nth_load(e, 1), p_offset=0x100000),
                             'text p_offset past the end of the file'),
    'load_offset_wraps': (LIB, ph_set(lambda e: nth_load(e, 1), p_offset=0xfffffffffffff000),
                          'p_offset + p_filesz wraps around'),
    'load_vaddr_huge': (LIB, ph_set(lambda e: nth_load(e, 3),
                                    p_vaddr=lambda e, i: e.ph(i, 'p_vaddr') + 0x7ff000000000),
                        'data segment far beyond the user address space'),
    'no_loadable_segments': (LIB, no_loads, 'every PT_LOAD made PT_NOTE'),
    'dynamic_outside': (LIB, ph_set(lambda e: e.phdrs(PT_DYNAMIC)[0], p_vaddr=0x100000),
                        'PT_DYNAMIC outside every segment'),
    'no_dynamic_section': (LIB, ph_set(lambda e: e.phdrs(PT_DYNAMIC)[0], p_type=0),
                           'PT_DYNAMIC made PT_NULL'),
    'no_dynamic_section_prog': (PROG, ph_set(lambda e: e.phdrs(PT_DYNAMIC)[0], p_type=0),
                                'program PT_DYNAMIC made PT_NULL'),
    'dynamic_outside_prog': (PROG, ph_set(lambda e: e.phdrs(PT_DYNAMIC)[0], p_vaddr=0x100000),
                             'program PT_DYNAMIC outside every segment'),
    'tls_align_not_pow2': (LIB, ph_set(lambda e: e.phdrs(PT_TLS)[0], p_align=3), 'PT_TLS p_align 3'),
    'tls_filesz_gt_memsz': (LIB, ph_set(lambda e: e.phdrs(PT_TLS)[0], p_filesz=8, p_memsz=2),
                            'PT_TLS p_filesz > p_memsz'),
    # The dynamic section.
    'no_dt_null': (LIB, no_dt_null, 'every DT_NULL replaced'),
    'strtab_out_of_range': (LIB, dyn_set(DT_STRTAB, 0x7fff0000), 'DT_STRTAB far away'),
    'hash_without_symtab': (LIB, dyn_retag(DT_SYMTAB, 0x6000000), 'DT_SYMTAB made an unknown tag (found by fuzz_elf_object)'),
    'strsz_huge': (LIB, dyn_set(DT_STRSZ, 0x7fffffff), 'DT_STRSZ 2 GiB'),
    'needed_name_oob': (LIB, dyn_set(DT_NEEDED, 0x10000), 'DT_NEEDED past DT_STRSZ'),
    'needed_name_oob_prog': (PROG, dyn_set(DT_NEEDED, 0x10000), 'program DT_NEEDED past DT_STRSZ'),
    'soname_oob': (LIB, dyn_set(DT_SONAME, 0x10000), 'DT_SONAME past DT_STRSZ'),
    'symbol_name_oob': (LIB, sym_name(2, 0x100000), 'dynsym[2].st_name past DT_STRSZ'),
    'definition_name_oob': (LIB, sym_name(4, 0x100000),
                            'dynsym[4].st_name past DT_STRSZ: corp_value, which only the program looks up'),
    'reloc_symbol_oob': (LIB, rela(DT_RELA, 2, 'sym', 0xffffff), 'GLOB_DAT symbol index 0xffffff'),
    'plt_reloc_symbol_oob': (LIB, rela(DT_JMPREL, 0, 'sym', 0x123456),
                             'JUMP_SLOT symbol index 0x123456'),
    'reloc_offset_readonly': (LIB, rela(DT_RELA, 0, 'offset', 0x1000), 'RELATIVE into the text'),
    'reloc_offset_oob': (LIB, rela(DT_RELA, 4, 'offset', 0x7fffffff0000),
                         'R_X86_64_64 far outside the image'),
    'reloc_type_unknown': (LIB, rela(DT_RELA, 2, 'type', 0xc8), 'relocation type 0xc8'),
    'plt_reloc_type_unknown': (LIB, rela(DT_JMPREL, 0, 'type', 0xc8), 'PLT relocation type 0xc8'),
    'relasz_huge': (LIB, dyn_set(DT_RELASZ, 24 * 0x10000000000), 'DT_RELASZ 24 TiB'),
    'gnu_hash_nbuckets': (LIB, gnu_hash(0, 0xffffffff), 'GNU hash nbuckets 0xffffffff'),
    'gnu_hash_bloom': (LIB, gnu_hash(2, 0x40000000), 'GNU hash bloom size 2^30 words'),
    'verneed_loop': (LIB, verneed(12, 'I', 0, num=2), 'Verneed vn_next 0 but DT_VERNEEDNUM 2'),
    'vernaux_loop': (PROG, vernaux(12, 'I', 0), 'Vernaux vna_next 0 but vn_cnt 2'),
    'verneed_outside': (LIB, verneed(12, 'I', 0x7fff0000, num=2), 'Verneed vn_next far away'),
    'vernaux_outside': (LIB, verneed(8, 'I', 0x7fff0000), 'Verneed vn_aux far away'),
    'verneednum_huge': (LIB, dyn_set(DT_VERNEEDNUM, 0xffffffff), 'DT_VERNEEDNUM 0xffffffff'),
    'verdef_loop': (LIB, verdef(16, 'I', 0), 'first Verdef vd_next 0 of DT_VERDEFNUM 3'),
    'verdef_outside': (LIB, verdef(16, 'I', 0x7fff0000), 'first Verdef vd_next far away'),
    'verdaux_outside': (LIB, verdef(12, 'I', 0x7fff0000), 'first Verdef vd_aux far away'),
    'verdefnum_huge': (LIB, dyn_set(DT_VERDEFNUM, 0xffffffff), 'DT_VERDEFNUM 0xffffffff'),
}

# The same faults in the program, which the kernel maps when it is started
# directly: ldr then sees only AT_PHDR and the mapped image.
for _name in ['load_overlap', 'load_descending', 'load_congruence', 'load_filesz_gt_memsz',
              'no_dt_null', 'strtab_out_of_range', 'gnu_hash_nbuckets', 'verneednum_huge']:
    CASES[_name + '_prog'] = (PROG,) + CASES[_name][1:]
CASES.update({
    'reloc_symbol_oob_prog': (PROG, rela(DT_RELA, 0, 'sym', 0xffffff), 'COPY symbol index 0xffffff'),
    'reloc_offset_readonly_prog': (PROG, rela(DT_RELA, 0, 'offset', 0x1000), 'COPY into the text'),
    'reloc_type_unknown_prog': (PROG, rela(DT_RELA, 0, 'type', 0xc8), 'relocation type 0xc8'),
})

# Valid objects glibc loads and runs: name -> (program, stdout it prints).
VALID = {
    'needs_itself': ('corp_main_self', 'self ok'),
    'needs_each_other': ('corp_main_cyc', 'cycle ok'),
}


def make(objdir, out, manifest):
    good = os.path.join(out, 'good')
    os.makedirs(good, exist_ok=True)
    for name in GOOD:
        shutil.copy2(os.path.join(objdir, name), os.path.join(good, name))
    for name, (base, mutate, _) in CASES.items():
        with open(os.path.join(objdir, base), 'rb') as f:
            e = Elf(f.read())
        data = mutate(e)
        data = bytes(e.b if data is None else data)
        case_dir = os.path.join(out, name)
        dep = os.path.join(case_dir, 'dep')
        os.makedirs(dep, exist_ok=True)
        for path in (os.path.join(case_dir, name), os.path.join(dep, LIB)):
            with open(path, 'wb') as f:
                f.write(data)
            os.chmod(path, 0o755)
        shutil.copy2(os.path.join(objdir, 'libcorpbase.so.1'), dep)
    with open(manifest, 'w') as f:
        f.write('# case\tbase\tmutation\n')
        for name, (base, _, what) in CASES.items():
            f.write(f'{name}\t{base}\t{what}\n')
        for name, (prog, _) in VALID.items():
            f.write(f'{name}\t{prog}\tvalid\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--list', action='store_true', help='print the case names')
    ap.add_argument('--objdir', help='where Meson built the good objects')
    ap.add_argument('--out', help='corpus directory to (re)create')
    ap.add_argument('--manifest', help='where to write the list of cases')
    args = ap.parse_args()
    if args.list:
        print('\n'.join(list(CASES) + list(VALID)))
        return 0
    if args.out is None or args.objdir is None or args.manifest is None:
        ap.error('--objdir, --out and --manifest are required')
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    make(args.objdir, args.out, args.manifest)
    return 0


if __name__ == '__main__':
    sys.exit(main())
