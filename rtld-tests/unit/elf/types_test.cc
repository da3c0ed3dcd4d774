// SPDX-License-Identifier: MIT
// elf/types.h and arch/x86_64/machine.h against the system <elf.h>: every
// constant, struct size and field offset. <elf.h> defines these names as
// macros, so ldr's values are captured first and <elf.h> included after.
#include <criterion/criterion.h>

#include <cstddef>

#include "arch/x86_64/machine.h"
#include "elf/types.h"

#define LDR_ELF_CONSTANTS(X)                                                                  \
  X(EI_NIDENT) X(EI_CLASS) X(EI_DATA) X(EI_VERSION) X(EI_OSABI) X(ELFCLASS32) X(ELFCLASS64)   \
  X(ELFDATA2LSB) X(EV_CURRENT) X(ELFOSABI_SYSV) X(ELFOSABI_GNU) X(ET_EXEC) X(ET_DYN)           \
  X(EM_X86_64) X(PT_NULL) X(PT_LOAD) X(PT_DYNAMIC) X(PT_INTERP) X(PT_NOTE) X(PT_SHLIB)         \
  X(PT_PHDR) X(PT_TLS) X(PT_GNU_EH_FRAME) X(PT_GNU_STACK) X(PT_GNU_RELRO) X(PT_GNU_PROPERTY)   \
  X(PF_X) X(PF_W) X(PF_R) X(DT_NULL) X(DT_NEEDED) X(DT_PLTRELSZ) X(DT_PLTGOT) X(DT_HASH)       \
  X(DT_STRTAB) X(DT_SYMTAB) X(DT_RELA) X(DT_RELASZ) X(DT_RELAENT) X(DT_STRSZ) X(DT_SYMENT)     \
  X(DT_INIT) X(DT_FINI) X(DT_SONAME) X(DT_RPATH) X(DT_SYMBOLIC) X(DT_REL) X(DT_RELSZ)          \
  X(DT_RELENT) X(DT_PLTREL) X(DT_DEBUG) X(DT_TEXTREL) X(DT_JMPREL) X(DT_BIND_NOW)              \
  X(DT_INIT_ARRAY) X(DT_FINI_ARRAY) X(DT_INIT_ARRAYSZ) X(DT_FINI_ARRAYSZ) X(DT_RUNPATH)        \
  X(DT_FLAGS) X(DT_PREINIT_ARRAY) X(DT_PREINIT_ARRAYSZ) X(DT_RELRSZ) X(DT_RELR)                \
  X(DT_RELRENT) X(DT_NUM) X(DT_GNU_HASH) X(DT_TLSDESC_PLT) X(DT_TLSDESC_GOT) X(DT_VERSYM)      \
  X(DT_RELACOUNT) X(DT_RELCOUNT) X(DT_FLAGS_1) X(DT_VERDEF) X(DT_VERDEFNUM) X(DT_VERNEED)      \
  X(DT_VERNEEDNUM) X(DF_ORIGIN) X(DF_SYMBOLIC) X(DF_TEXTREL) X(DF_BIND_NOW) X(DF_STATIC_TLS)   \
  X(DF_1_NOW) X(DF_1_GLOBAL) X(DF_1_GROUP) X(DF_1_NODELETE) X(DF_1_INITFIRST) X(DF_1_NOOPEN)   \
  X(DF_1_ORIGIN) X(DF_1_INTERPOSE) X(DF_1_NODEFLIB) X(DF_1_PIE) X(STB_LOCAL) X(STB_GLOBAL)     \
  X(STB_WEAK) X(STB_GNU_UNIQUE) X(STT_NOTYPE) X(STT_OBJECT) X(STT_FUNC) X(STT_SECTION)         \
  X(STT_FILE) X(STT_COMMON) X(STT_TLS) X(STT_GNU_IFUNC) X(STV_DEFAULT) X(STV_INTERNAL)         \
  X(STV_HIDDEN) X(STV_PROTECTED) X(SHN_UNDEF) X(SHN_ABS) X(SHN_COMMON) X(VER_NDX_LOCAL)        \
  X(VER_NDX_GLOBAL) X(VER_FLG_BASE) X(VER_FLG_WEAK)         \
  X(VER_DEF_CURRENT) X(VER_NEED_CURRENT) X(AT_NULL) X(AT_IGNORE) X(AT_EXECFD) X(AT_PHDR)       \
  X(AT_PHENT) X(AT_PHNUM) X(AT_PAGESZ) X(AT_BASE) X(AT_FLAGS) X(AT_ENTRY) X(AT_NOTELF)         \
  X(AT_UID) X(AT_EUID) X(AT_GID) X(AT_EGID) X(AT_PLATFORM) X(AT_HWCAP) X(AT_CLKTCK)            \
  X(AT_FPUCW) X(AT_SECURE) X(AT_BASE_PLATFORM) X(AT_RANDOM) X(AT_HWCAP2) X(AT_EXECFN)          \
  X(AT_SYSINFO_EHDR) X(AT_MINSIGSTKSZ)

#define LDR_RELOC_CONSTANTS(X)                                                                \
  X(R_X86_64_NONE) X(R_X86_64_64) X(R_X86_64_PC32) X(R_X86_64_GOT32) X(R_X86_64_PLT32)         \
  X(R_X86_64_COPY) X(R_X86_64_GLOB_DAT) X(R_X86_64_JUMP_SLOT) X(R_X86_64_RELATIVE)             \
  X(R_X86_64_GOTPCREL) X(R_X86_64_32) X(R_X86_64_32S) X(R_X86_64_16) X(R_X86_64_PC16)          \
  X(R_X86_64_8) X(R_X86_64_PC8) X(R_X86_64_DTPMOD64) X(R_X86_64_DTPOFF64) X(R_X86_64_TPOFF64)  \
  X(R_X86_64_TLSGD) X(R_X86_64_TLSLD) X(R_X86_64_DTPOFF32) X(R_X86_64_GOTTPOFF)                \
  X(R_X86_64_TPOFF32) X(R_X86_64_PC64) X(R_X86_64_GOTOFF64) X(R_X86_64_GOTPC32)                \
  X(R_X86_64_SIZE32) X(R_X86_64_SIZE64) X(R_X86_64_GOTPC32_TLSDESC) X(R_X86_64_TLSDESC_CALL)   \
  X(R_X86_64_TLSDESC) X(R_X86_64_IRELATIVE) X(R_X86_64_RELATIVE64)

// Capture ldr's values while the names are still plain identifiers.
#define CAPTURE_ELF(name) constexpr auto ldr_##name = ldr::elf::name;
#define CAPTURE_RELOC(name) constexpr auto ldr_##name = ldr::arch::name;
namespace {
LDR_ELF_CONSTANTS(CAPTURE_ELF)
LDR_RELOC_CONSTANTS(CAPTURE_RELOC)
unsigned ldr_st_bind(unsigned char i) { return ldr::elf::ELF64_ST_BIND(i); }
unsigned ldr_st_type(unsigned char i) { return ldr::elf::ELF64_ST_TYPE(i); }
unsigned ldr_st_visibility(unsigned char o) { return ldr::elf::ELF64_ST_VISIBILITY(o); }
unsigned ldr_r_sym(uint64_t i) { return ldr::elf::ELF64_R_SYM(i); }
unsigned ldr_r_type(uint64_t i) { return ldr::elf::ELF64_R_TYPE(i); }
}  // namespace

#include <elf.h>

// `name` expands to <elf.h>'s macro; ldr_##name and #name do not.
#define COMPARE(name) static_assert(ldr_##name == (name), #name " differs from <elf.h>");
LDR_ELF_CONSTANTS(COMPARE)
LDR_RELOC_CONSTANTS(COMPARE)

// Not in <elf.h> (binutils' names); glibc spells them 0x8000 and 0x7fff.
static_assert(ldr::elf::VERSYM_HIDDEN == 0x8000 && ldr::elf::VERSYM_VERSION == 0x7fff);

#define SAME_LAYOUT(type, field)                                                              \
  static_assert(offsetof(ldr::elf::type, field) == offsetof(::type, field), #type "." #field); \
  static_assert(sizeof(ldr::elf::type::field) == sizeof(::type::field), #type "." #field " size");

static_assert(sizeof(ldr::elf::Elf64_Ehdr) == sizeof(::Elf64_Ehdr));
SAME_LAYOUT(Elf64_Ehdr, e_ident)
SAME_LAYOUT(Elf64_Ehdr, e_type)
SAME_LAYOUT(Elf64_Ehdr, e_machine)
SAME_LAYOUT(Elf64_Ehdr, e_version)
SAME_LAYOUT(Elf64_Ehdr, e_entry)
SAME_LAYOUT(Elf64_Ehdr, e_phoff)
SAME_LAYOUT(Elf64_Ehdr, e_shoff)
SAME_LAYOUT(Elf64_Ehdr, e_flags)
SAME_LAYOUT(Elf64_Ehdr, e_ehsize)
SAME_LAYOUT(Elf64_Ehdr, e_phentsize)
SAME_LAYOUT(Elf64_Ehdr, e_phnum)
SAME_LAYOUT(Elf64_Ehdr, e_shentsize)
SAME_LAYOUT(Elf64_Ehdr, e_shnum)
SAME_LAYOUT(Elf64_Ehdr, e_shstrndx)
static_assert(sizeof(ldr::elf::Elf64_Phdr) == sizeof(::Elf64_Phdr));
SAME_LAYOUT(Elf64_Phdr, p_type)
SAME_LAYOUT(Elf64_Phdr, p_flags)
SAME_LAYOUT(Elf64_Phdr, p_offset)
SAME_LAYOUT(Elf64_Phdr, p_vaddr)
SAME_LAYOUT(Elf64_Phdr, p_paddr)
SAME_LAYOUT(Elf64_Phdr, p_filesz)
SAME_LAYOUT(Elf64_Phdr, p_memsz)
SAME_LAYOUT(Elf64_Phdr, p_align)
static_assert(sizeof(ldr::elf::Elf64_Dyn) == sizeof(::Elf64_Dyn));
static_assert(offsetof(ldr::elf::Elf64_Dyn, d_tag) == offsetof(::Elf64_Dyn, d_tag));
static_assert(offsetof(ldr::elf::Elf64_Dyn, d_val) == offsetof(::Elf64_Dyn, d_un));
static_assert(sizeof(ldr::elf::Elf64_Sym) == sizeof(::Elf64_Sym));
SAME_LAYOUT(Elf64_Sym, st_name)
SAME_LAYOUT(Elf64_Sym, st_info)
SAME_LAYOUT(Elf64_Sym, st_other)
SAME_LAYOUT(Elf64_Sym, st_shndx)
SAME_LAYOUT(Elf64_Sym, st_value)
SAME_LAYOUT(Elf64_Sym, st_size)
static_assert(sizeof(ldr::elf::Elf64_Rela) == sizeof(::Elf64_Rela));
SAME_LAYOUT(Elf64_Rela, r_offset)
SAME_LAYOUT(Elf64_Rela, r_info)
SAME_LAYOUT(Elf64_Rela, r_addend)
static_assert(sizeof(ldr::elf::Elf64_Relr) == sizeof(::Elf64_Relr));
static_assert(sizeof(ldr::elf::Elf64_Verdef) == sizeof(::Elf64_Verdef));
SAME_LAYOUT(Elf64_Verdef, vd_version)
SAME_LAYOUT(Elf64_Verdef, vd_flags)
SAME_LAYOUT(Elf64_Verdef, vd_ndx)
SAME_LAYOUT(Elf64_Verdef, vd_cnt)
SAME_LAYOUT(Elf64_Verdef, vd_hash)
SAME_LAYOUT(Elf64_Verdef, vd_aux)
SAME_LAYOUT(Elf64_Verdef, vd_next)
static_assert(sizeof(ldr::elf::Elf64_Verdaux) == sizeof(::Elf64_Verdaux));
SAME_LAYOUT(Elf64_Verdaux, vda_name)
SAME_LAYOUT(Elf64_Verdaux, vda_next)
static_assert(sizeof(ldr::elf::Elf64_Verneed) == sizeof(::Elf64_Verneed));
SAME_LAYOUT(Elf64_Verneed, vn_version)
SAME_LAYOUT(Elf64_Verneed, vn_cnt)
SAME_LAYOUT(Elf64_Verneed, vn_file)
SAME_LAYOUT(Elf64_Verneed, vn_aux)
SAME_LAYOUT(Elf64_Verneed, vn_next)
static_assert(sizeof(ldr::elf::Elf64_Vernaux) == sizeof(::Elf64_Vernaux));
SAME_LAYOUT(Elf64_Vernaux, vna_hash)
SAME_LAYOUT(Elf64_Vernaux, vna_flags)
SAME_LAYOUT(Elf64_Vernaux, vna_other)
SAME_LAYOUT(Elf64_Vernaux, vna_name)
SAME_LAYOUT(Elf64_Vernaux, vna_next)
static_assert(sizeof(ldr::elf::Elf64_Nhdr) == sizeof(::Elf64_Nhdr));
SAME_LAYOUT(Elf64_Nhdr, n_namesz)
SAME_LAYOUT(Elf64_Nhdr, n_descsz)
SAME_LAYOUT(Elf64_Nhdr, n_type)

Test(elf_types, symbol_info_accessors_match_elf_h_macros) {
  for (unsigned v = 0; v < 256; ++v) {
    auto c = static_cast<unsigned char>(v);
    cr_expect_eq(ldr_st_bind(c), static_cast<unsigned>(ELF64_ST_BIND(c)), "bind of %#x", v);
    cr_expect_eq(ldr_st_type(c), static_cast<unsigned>(ELF64_ST_TYPE(c)), "type of %#x", v);
    cr_expect_eq(ldr_st_visibility(c), static_cast<unsigned>(ELF64_ST_VISIBILITY(c)),
                 "visibility of %#x", v);
  }
}

Test(elf_types, relocation_info_accessors_match_elf_h_macros) {
  const uint64_t infos[] = {0, 8, 0x100000006, 0x0000002a00000007, 0xffffffff00000025,
                            0x12345678deadbeef, ~0ULL};
  for (uint64_t i : infos) {
    cr_expect_eq(ldr_r_sym(i), static_cast<unsigned>(ELF64_R_SYM(i)), "sym of %#llx",
                 static_cast<unsigned long long>(i));
    cr_expect_eq(ldr_r_type(i), static_cast<unsigned>(ELF64_R_TYPE(i)), "type of %#llx",
                 static_cast<unsigned long long>(i));
  }
}

Test(elf_types, reloc_type_names_are_psabi_names) {
  cr_expect_str_eq(ldr::arch::reloc_type_name(R_X86_64_JUMP_SLOT), "R_X86_64_JUMP_SLOT");
  cr_expect_str_eq(ldr::arch::reloc_type_name(R_X86_64_IRELATIVE), "R_X86_64_IRELATIVE");
  cr_expect_str_eq(ldr::arch::reloc_type_name(R_X86_64_TLSDESC), "R_X86_64_TLSDESC");
  cr_expect_null(ldr::arch::reloc_type_name(R_X86_64_GOTPCREL));  // never dynamic
  cr_expect_null(ldr::arch::reloc_type_name(39));
  cr_expect_gt(ldr::arch::kRelocTypeCount, static_cast<uint32_t>(R_X86_64_RELATIVE64));
}
