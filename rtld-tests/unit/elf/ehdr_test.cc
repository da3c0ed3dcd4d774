// SPDX-License-Identifier: MIT
// elf::check_ehdr: a good x86-64 header passes; each malformed field gives
// glibc's exact message, and only wrong class/machine are marked skippable.
#include <criterion/criterion.h>

#include <cstring>

#include "elf/phdr.h"
#include "elf/types.h"

namespace e = ldr::elf;

namespace {

e::Elf64_Ehdr good_ehdr() {
  e::Elf64_Ehdr h{};
  std::memcpy(h.e_ident, "\x7f" "ELF", 4);
  h.e_ident[e::EI_CLASS] = e::ELFCLASS64;
  h.e_ident[e::EI_DATA] = e::ELFDATA2LSB;
  h.e_ident[e::EI_VERSION] = e::EV_CURRENT;
  h.e_type = e::ET_DYN;
  h.e_machine = e::EM_X86_64;
  h.e_version = e::EV_CURRENT;
  h.e_phoff = sizeof(e::Elf64_Ehdr);
  h.e_ehsize = sizeof(e::Elf64_Ehdr);
  h.e_phentsize = sizeof(e::Elf64_Phdr);
  h.e_phnum = 3;
  return h;
}

const char* check(const e::Elf64_Ehdr& h, bool* skippable, size_t len = sizeof(e::Elf64_Ehdr)) {
  unsigned char bytes[sizeof h + 8] = {};
  std::memcpy(bytes, &h, sizeof h);
  return e::check_ehdr(bytes, len, skippable);
}

struct BadCase {
  const char* what;
  void (*mutate)(e::Elf64_Ehdr&);
  const char* message;
  bool skippable;
};

const BadCase kBad[] = {
    {"bad magic", [](e::Elf64_Ehdr& h) { h.e_ident[1] = 'e'; }, "invalid ELF header", false},
    {"magic byte 0", [](e::Elf64_Ehdr& h) { h.e_ident[0] = 0x7e; }, "invalid ELF header", false},
    {"ELFCLASS32", [](e::Elf64_Ehdr& h) { h.e_ident[e::EI_CLASS] = e::ELFCLASS32; },
     "wrong ELF class: ELFCLASS32", true},
    {"ELFCLASSNONE", [](e::Elf64_Ehdr& h) { h.e_ident[e::EI_CLASS] = 0; },
     "invalid ELF header", true},
    {"big-endian", [](e::Elf64_Ehdr& h) { h.e_ident[e::EI_DATA] = 2; },
     "ELF file data encoding not little-endian", false},
    {"ident version 0", [](e::Elf64_Ehdr& h) { h.e_ident[e::EI_VERSION] = 0; },
     "ELF file version ident does not match current one", false},
    {"OS ABI 9 (FreeBSD)", [](e::Elf64_Ehdr& h) { h.e_ident[e::EI_OSABI] = 9; },
     "ELF file OS ABI invalid", false},
    {"ABI version 1", [](e::Elf64_Ehdr& h) { h.e_ident[8] = 1; },
     "ELF file ABI version invalid", false},
    {"padding byte 9", [](e::Elf64_Ehdr& h) { h.e_ident[9] = 1; },
     "nonzero padding in e_ident", false},
    {"padding byte 15", [](e::Elf64_Ehdr& h) { h.e_ident[15] = 0xff; },
     "nonzero padding in e_ident", false},
    {"e_version 2", [](e::Elf64_Ehdr& h) { h.e_version = 2; },
     "ELF file version does not match current one", false},
    {"EM_386 (3)", [](e::Elf64_Ehdr& h) { h.e_machine = 3; },
     "ELF file machine does not match host", true},
    {"EM_AARCH64 (183)", [](e::Elf64_Ehdr& h) { h.e_machine = 183; },
     "ELF file machine does not match host", true},
    {"ET_REL (1)", [](e::Elf64_Ehdr& h) { h.e_type = 1; },
     "only ET_DYN and ET_EXEC can be loaded", false},
    {"ET_CORE (4)", [](e::Elf64_Ehdr& h) { h.e_type = 4; },
     "only ET_DYN and ET_EXEC can be loaded", false},
    {"phentsize 32 (ELF32's)", [](e::Elf64_Ehdr& h) { h.e_phentsize = 32; },
     "ELF file's phentsize not the expected size", false},
    {"phentsize 57", [](e::Elf64_Ehdr& h) { h.e_phentsize = 57; },
     "ELF file's phentsize not the expected size", false},
    {"phnum 0x1001", [](e::Elf64_Ehdr& h) { h.e_phnum = 0x1001; },
     "ELF file has an absurd number of program headers", false},
};

}  // namespace

Test(elf_ehdr, accepts_x86_64_et_dyn) {
  bool skippable = true;
  cr_expect_null(check(good_ehdr(), &skippable));
  cr_expect_not(skippable);
}

Test(elf_ehdr, accepts_et_exec_and_gnu_osabi) {
  e::Elf64_Ehdr h = good_ehdr();
  h.e_type = e::ET_EXEC;
  h.e_ident[e::EI_OSABI] = e::ELFOSABI_GNU;
  bool skippable = true;
  cr_expect_null(check(h, &skippable));
  cr_expect_not(skippable);
}

Test(elf_ehdr, accepts_phnum_0_leaving_it_to_plan_load) {
  e::Elf64_Ehdr h = good_ehdr();
  h.e_phnum = 0;
  bool skippable;
  cr_expect_null(check(h, &skippable));
}

Test(elf_ehdr, accepts_phnum_0x1000) {
  e::Elf64_Ehdr h = good_ehdr();
  h.e_phnum = 0x1000;
  bool skippable;
  cr_expect_null(check(h, &skippable));
}

Test(elf_ehdr, rejects_each_bad_field_with_glibc_message) {
  for (const BadCase& c : kBad) {
    e::Elf64_Ehdr h = good_ehdr();
    c.mutate(h);
    bool skippable = !c.skippable;
    const char* got = check(h, &skippable);
    cr_assert_not_null(got, "%s: accepted", c.what);
    cr_expect_str_eq(got, c.message, "%s: got \"%s\"", c.what, got);
    cr_expect_eq(skippable, c.skippable, "%s: skippable=%d", c.what, skippable);
  }
}

Test(elf_ehdr, rejects_file_shorter_than_header) {
  bool skippable = true;
  const char* got = check(good_ehdr(), &skippable, 63);  // one byte short of 64
  cr_assert_not_null(got);
  cr_expect_str_eq(got, "file too short");
  cr_expect_str_eq(got, e::kMsgFileTooShort);
  cr_expect_not(skippable);
  cr_expect_str_eq(check(good_ehdr(), &skippable, 0), "file too short");
}

Test(elf_ehdr, short_file_is_reported_before_bad_magic) {
  e::Elf64_Ehdr h = good_ehdr();
  h.e_ident[0] = 0;
  bool skippable;
  cr_expect_str_eq(check(h, &skippable, 16), "file too short");
}

Test(elf_ehdr, class_is_checked_before_data_encoding) {
  // A 32-bit big-endian file is skipped for its class, as glibc does.
  e::Elf64_Ehdr h = good_ehdr();
  h.e_ident[e::EI_CLASS] = e::ELFCLASS32;
  h.e_ident[e::EI_DATA] = 2;
  bool skippable = false;
  cr_expect_str_eq(check(h, &skippable), "wrong ELF class: ELFCLASS32");
  cr_expect(skippable);
}
