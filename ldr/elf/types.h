// SPDX-License-Identifier: MIT
// ELF64 little-endian layouts and the constants ldr uses, spelled as in the
// gABI, the x86-64 psABI and <elf.h> so they grep straight to the specs.
// Pure data: no code, no dependence on the host's <elf.h> (a unit test
// cross-checks the values against it).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ldr::elf {

using Elf64_Addr = uint64_t;
using Elf64_Off = uint64_t;
using Elf64_Half = uint16_t;
using Elf64_Word = uint32_t;
using Elf64_Sword = int32_t;
using Elf64_Xword = uint64_t;
using Elf64_Sxword = int64_t;

inline constexpr size_t EI_NIDENT = 16;
inline constexpr int EI_CLASS = 4, EI_DATA = 5, EI_VERSION = 6, EI_OSABI = 7;
inline constexpr unsigned char ELFCLASS32 = 1, ELFCLASS64 = 2, ELFDATA2LSB = 1,
                               EV_CURRENT = 1, ELFOSABI_SYSV = 0, ELFOSABI_GNU = 3;
inline constexpr Elf64_Half ET_EXEC = 2, ET_DYN = 3, EM_X86_64 = 62;

struct Elf64_Ehdr {
  unsigned char e_ident[EI_NIDENT];
  Elf64_Half e_type;
  Elf64_Half e_machine;
  Elf64_Word e_version;
  Elf64_Addr e_entry;
  Elf64_Off e_phoff;
  Elf64_Off e_shoff;
  Elf64_Word e_flags;
  Elf64_Half e_ehsize;
  Elf64_Half e_phentsize;
  Elf64_Half e_phnum;
  Elf64_Half e_shentsize;
  Elf64_Half e_shnum;
  Elf64_Half e_shstrndx;
};
static_assert(sizeof(Elf64_Ehdr) == 64);

inline constexpr Elf64_Word PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3,
                            PT_NOTE = 4, PT_SHLIB = 5, PT_PHDR = 6, PT_TLS = 7,
                            PT_GNU_EH_FRAME = 0x6474e550, PT_GNU_STACK = 0x6474e551,
                            PT_GNU_RELRO = 0x6474e552, PT_GNU_PROPERTY = 0x6474e553;
inline constexpr Elf64_Word PF_X = 1, PF_W = 2, PF_R = 4;

struct Elf64_Phdr {
  Elf64_Word p_type;
  Elf64_Word p_flags;
  Elf64_Off p_offset;
  Elf64_Addr p_vaddr;
  Elf64_Addr p_paddr;
  Elf64_Xword p_filesz;
  Elf64_Xword p_memsz;
  Elf64_Xword p_align;
};
static_assert(sizeof(Elf64_Phdr) == 56);

inline constexpr Elf64_Sxword DT_NULL = 0, DT_NEEDED = 1, DT_PLTRELSZ = 2, DT_PLTGOT = 3,
    DT_HASH = 4, DT_STRTAB = 5, DT_SYMTAB = 6, DT_RELA = 7, DT_RELASZ = 8, DT_RELAENT = 9,
    DT_STRSZ = 10, DT_SYMENT = 11, DT_INIT = 12, DT_FINI = 13, DT_SONAME = 14, DT_RPATH = 15,
    DT_SYMBOLIC = 16, DT_REL = 17, DT_RELSZ = 18, DT_RELENT = 19, DT_PLTREL = 20,
    DT_DEBUG = 21, DT_TEXTREL = 22, DT_JMPREL = 23, DT_BIND_NOW = 24, DT_INIT_ARRAY = 25,
    DT_FINI_ARRAY = 26, DT_INIT_ARRAYSZ = 27, DT_FINI_ARRAYSZ = 28, DT_RUNPATH = 29,
    DT_FLAGS = 30, DT_PREINIT_ARRAY = 32, DT_PREINIT_ARRAYSZ = 33, DT_RELRSZ = 35,
    DT_RELR = 36, DT_RELRENT = 37, DT_NUM = 38, DT_GNU_HASH = 0x6ffffef5,
    DT_TLSDESC_PLT = 0x6ffffef6, DT_TLSDESC_GOT = 0x6ffffef7, DT_VERSYM = 0x6ffffff0,
    DT_RELACOUNT = 0x6ffffff9, DT_RELCOUNT = 0x6ffffffa, DT_FLAGS_1 = 0x6ffffffb,
    DT_VERDEF = 0x6ffffffc, DT_VERDEFNUM = 0x6ffffffd, DT_VERNEED = 0x6ffffffe,
    DT_VERNEEDNUM = 0x6fffffff;

inline constexpr Elf64_Xword DF_ORIGIN = 0x1, DF_SYMBOLIC = 0x2, DF_TEXTREL = 0x4,
                             DF_BIND_NOW = 0x8, DF_STATIC_TLS = 0x10;
inline constexpr Elf64_Xword DF_1_NOW = 0x1, DF_1_GLOBAL = 0x2, DF_1_GROUP = 0x4,
                             DF_1_NODELETE = 0x8, DF_1_INITFIRST = 0x20, DF_1_NOOPEN = 0x40,
                             DF_1_ORIGIN = 0x80, DF_1_INTERPOSE = 0x400,
                             DF_1_NODEFLIB = 0x800, DF_1_PIE = 0x8000000;

struct Elf64_Dyn {
  Elf64_Sxword d_tag;
  Elf64_Xword d_val;  // d_un: d_val and d_ptr share this word
};
static_assert(sizeof(Elf64_Dyn) == 16);

inline constexpr unsigned char STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2,
                               STB_GNU_UNIQUE = 10;
inline constexpr unsigned char STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2,
                               STT_SECTION = 3, STT_FILE = 4, STT_COMMON = 5, STT_TLS = 6,
                               STT_GNU_IFUNC = 10;
inline constexpr unsigned char STV_DEFAULT = 0, STV_INTERNAL = 1, STV_HIDDEN = 2,
                               STV_PROTECTED = 3;
inline constexpr Elf64_Half SHN_UNDEF = 0, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2;

struct Elf64_Sym {
  Elf64_Word st_name;
  unsigned char st_info;
  unsigned char st_other;
  Elf64_Half st_shndx;
  Elf64_Addr st_value;
  Elf64_Xword st_size;
};
static_assert(sizeof(Elf64_Sym) == 24);

constexpr unsigned char ELF64_ST_BIND(unsigned char info) { return info >> 4; }
constexpr unsigned char ELF64_ST_TYPE(unsigned char info) { return info & 0xf; }
constexpr unsigned char ELF64_ST_VISIBILITY(unsigned char other) { return other & 0x3; }

struct Elf64_Rela {
  Elf64_Addr r_offset;
  Elf64_Xword r_info;
  Elf64_Sxword r_addend;
};
static_assert(sizeof(Elf64_Rela) == 24);

using Elf64_Relr = uint64_t;

constexpr uint32_t ELF64_R_SYM(Elf64_Xword info) { return static_cast<uint32_t>(info >> 32); }
constexpr uint32_t ELF64_R_TYPE(Elf64_Xword info) { return static_cast<uint32_t>(info); }

// Symbol versioning (GNU extension, as in <elf.h>).
inline constexpr Elf64_Half VER_NDX_LOCAL = 0, VER_NDX_GLOBAL = 1, VERSYM_HIDDEN = 0x8000,
                            VERSYM_VERSION = 0x7fff, VER_FLG_BASE = 0x1, VER_FLG_WEAK = 0x2,
                            VER_DEF_CURRENT = 1, VER_NEED_CURRENT = 1;

struct Elf64_Verdef {
  Elf64_Half vd_version;
  Elf64_Half vd_flags;
  Elf64_Half vd_ndx;
  Elf64_Half vd_cnt;
  Elf64_Word vd_hash;
  Elf64_Word vd_aux;
  Elf64_Word vd_next;
};
static_assert(sizeof(Elf64_Verdef) == 20);

struct Elf64_Verdaux {
  Elf64_Word vda_name;
  Elf64_Word vda_next;
};

struct Elf64_Verneed {
  Elf64_Half vn_version;
  Elf64_Half vn_cnt;
  Elf64_Word vn_file;
  Elf64_Word vn_aux;
  Elf64_Word vn_next;
};
static_assert(sizeof(Elf64_Verneed) == 16);

struct Elf64_Vernaux {
  Elf64_Word vna_hash;
  Elf64_Half vna_flags;
  Elf64_Half vna_other;
  Elf64_Word vna_name;
  Elf64_Word vna_next;
};
static_assert(sizeof(Elf64_Vernaux) == 16);

struct Elf64_Nhdr {
  Elf64_Word n_namesz;
  Elf64_Word n_descsz;
  Elf64_Word n_type;
};

// Auxiliary vector tags (<elf.h>).
inline constexpr uint64_t AT_NULL = 0, AT_IGNORE = 1, AT_EXECFD = 2, AT_PHDR = 3,
    AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9,
    AT_NOTELF = 10, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15,
    AT_HWCAP = 16, AT_CLKTCK = 17, AT_FPUCW = 18, AT_SECURE = 23, AT_BASE_PLATFORM = 24,
    AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31, AT_SYSINFO_EHDR = 33,
    AT_MINSIGSTKSZ = 51;

}  // namespace ldr::elf
