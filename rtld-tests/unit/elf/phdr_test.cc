// SPDX-License-Identifier: MIT
// elf::plan_load: a two-segment library yields the expected span, alignment,
// segment indices and header address; each malformed program header gives
// its exact message. Page size 4096 throughout.
#include <criterion/criterion.h>

#include <cstring>

#include "elf/phdr.h"
#include "elf/types.h"

namespace e = ldr::elf;

namespace {

constexpr uint64_t kPage = 0x1000;
constexpr uint64_t kFileSize = 0x1200;

// Text [0, 0x1000) from file 0; data at 0x11000 from file 0x1000 (0x200 bytes
// in the file, 0x1300 in memory); dynamic at the start of data; TLS; RELRO; stack.
struct Object {
  e::Elf64_Ehdr eh{};
  e::Elf64_Phdr ph[8]{};

  Object() {
    eh.e_type = e::ET_DYN;
    eh.e_machine = e::EM_X86_64;
    eh.e_entry = 0x120;
    eh.e_phoff = sizeof(e::Elf64_Ehdr);
    eh.e_phentsize = sizeof(e::Elf64_Phdr);
    eh.e_phnum = 6;
    ph[0] = {e::PT_LOAD, e::PF_R | e::PF_X, 0, 0, 0, 0x1000, 0x1000, kPage};
    ph[1] = {e::PT_LOAD, e::PF_R | e::PF_W, 0x1000, 0x11000, 0x11000, 0x200, 0x1300, kPage};
    ph[2] = {e::PT_DYNAMIC, e::PF_R | e::PF_W, 0x1000, 0x11000, 0x11000, 0x100, 0x100, 8};
    ph[3] = {e::PT_TLS, e::PF_R, 0x1100, 0x11100, 0x11100, 0x10, 0x40, 16};
    ph[4] = {e::PT_GNU_RELRO, e::PF_R, 0x1000, 0x11000, 0x11000, 0x100, 0x100, 1};
    ph[5] = {e::PT_GNU_STACK, e::PF_R | e::PF_W, 0, 0, 0, 0, 0, 16};
  }
  const char* plan(e::LoadPlan* out, uint64_t file_size = kFileSize) const {
    return e::plan_load(eh, ph, file_size, kPage, out);
  }
};

struct BadCase {
  const char* what;
  void (*mutate)(Object&);
  const char* message;
};

const BadCase kBad[] = {
    {"p_filesz 0x1400 > p_memsz 0x1300", [](Object& o) { o.ph[1].p_filesz = 0x1400; },
     "ELF load command has p_filesz greater than p_memsz"},
    {"file range 0x1000+0x201 > file size 0x1200", [](Object& o) { o.ph[1].p_filesz = 0x201; },
     "ELF load command extends past the end of the file"},
    {"p_offset 2^64 - 0x1000 + p_filesz 0x2000 wraps", [](Object& o) {
       o.ph[1].p_offset = ~0ULL - 0xfff;  // vaddr - offset = 0x12000: page-congruent
       o.ph[1].p_filesz = o.ph[1].p_memsz = 0x2000;
     },
     "ELF load command extends past the end of the file"},
    {"vaddr 0x11100 - offset 0x1000 = 0x10100 not page-congruent",
     [](Object& o) { o.ph[1].p_vaddr = 0x11100; },
     "ELF load command address/offset not page-aligned"},
    {"p_align 0x800 below the page", [](Object& o) { o.ph[1].p_align = 0x800; },
     "ELF load command alignment not page-aligned"},
    {"p_align 0x3000 not a power of two", [](Object& o) { o.ph[1].p_align = 0x3000; },
     "ELF load command alignment not page-aligned"},
    {"vaddr - offset = 0x10000 not a multiple of p_align 0x200000",
     [](Object& o) { o.ph[1].p_align = 0x200000; },
     "ELF load command address/offset not properly aligned"},
    {"vaddr + memsz beyond 2^47", [](Object& o) {
       o.ph[1].p_vaddr = 1ULL << 47;  // end 0x800000001300
       o.eh.e_phnum = 2;
     },
     "ELF load command address range is out of bounds"},
    {"second load below the first (out of order)", [](Object& o) {
       std::swap(o.ph[0], o.ph[1]);
       o.eh.e_phnum = 2;
     },
     "ELF load commands overlap or are not in ascending order"},
    {"first load's memsz 0x11001 overlaps the second at 0x11000", [](Object& o) {
       o.ph[0].p_memsz = 0x11001;
     },
     "ELF load commands overlap or are not in ascending order"},
    {"dynamic beyond the span [0, 0x13000)", [](Object& o) {
       o.ph[2].p_vaddr = 0x20000;
     },
     "dynamic section is outside every loadable segment"},
    {"dynamic in the gap [0x1000, 0x11000) between loads", [](Object& o) {
       o.ph[2].p_vaddr = 0x5000;
     },
     "dynamic section is outside every loadable segment"},
    {"dynamic straddling the end of data (0x122f0 + 0x20 > 0x12300)", [](Object& o) {
       o.ph[2].p_vaddr = 0x122f0;
       o.ph[2].p_memsz = 0x20;
       o.ph[2].p_filesz = 0x20;
     },
     "dynamic section is outside every loadable segment"},
    {"dynamic filesz 0x108 not a multiple of 16", [](Object& o) { o.ph[2].p_filesz = 0x108; },
     "object file has an invalid dynamic section"},
    {"dynamic memsz 8 below one entry", [](Object& o) {
       o.ph[2].p_filesz = 0;
       o.ph[2].p_memsz = 8;
     },
     "object file has an invalid dynamic section"},
    {"TLS filesz 0x50 > memsz 0x40", [](Object& o) { o.ph[3].p_filesz = 0x50; },
     "TLS segment has p_filesz greater than p_memsz"},
    {"TLS align 24", [](Object& o) { o.ph[3].p_align = 24; },
     "TLS segment alignment is not a power of two"},
    {"TLS align 0x20000 > 16 pages", [](Object& o) { o.ph[3].p_align = 0x20000; },
     "TLS segment alignment is too large"},
    {"TLS memsz 2^32 + 1", [](Object& o) { o.ph[3].p_memsz = (1ULL << 32) + 1; },
     "TLS segment is too large"},
    {"TLS image past the span", [](Object& o) {
       o.ph[3].p_vaddr = 0x12ff0;
       o.ph[3].p_filesz = 0x20;
     },
     "segment lies outside the loadable segments"},
    {"TLS beyond the span", [](Object& o) { o.ph[3].p_vaddr = 0x13000; },
     "segment lies outside the loadable segments"},
    {"RELRO beyond the span", [](Object& o) { o.ph[4].p_memsz = 0x3000; },
     "segment lies outside the loadable segments"},
    {"no PT_LOAD at all", [](Object& o) {
       o.ph[0].p_type = e::PT_NOTE;
       o.ph[1].p_type = e::PT_NOTE;
     },
     "object file has no loadable segments"},
    {"only empty PT_LOADs (memsz 0 is ignored)", [](Object& o) {
       o.ph[0].p_memsz = 0;
       o.ph[0].p_filesz = 0;
       o.ph[1].p_memsz = 0;
       o.ph[1].p_filesz = 0;
       o.eh.e_phnum = 2;
     },
     "object file has no loadable segments"},
    {"phnum 0", [](Object& o) { o.eh.e_phnum = 0; }, "object file has no loadable segments"},
};

}  // namespace

Test(elf_phdr, plans_two_segment_library) {
  Object o;
  e::LoadPlan plan;
  const char* err = o.plan(&plan);
  cr_assert_null(err, "%s", err);
  cr_expect_eq(plan.e_type, e::ET_DYN);
  cr_expect_eq(plan.e_entry, 0x120u);
  cr_expect_eq(plan.phdr, o.ph);
  cr_expect_eq(plan.phnum, 6);
  cr_expect_eq(plan.span_lo, 0u);
  cr_expect_eq(plan.span_hi, 0x13000u);  // round_up(0x11000 + 0x1300 = 0x12300, 0x1000)
  cr_expect_eq(plan.max_align, kPage);
  cr_expect_eq(plan.dynamic, 2);
  cr_expect_eq(plan.tls, 3);
  cr_expect_eq(plan.relro, 4);
  cr_expect_eq(plan.interp, -1);
  cr_expect_eq(plan.stack_flags, e::PF_R | e::PF_W);  // from PT_GNU_STACK
  cr_expect_eq(plan.phdr_vaddr, 64u);  // e_phoff 64 lies in the text load at offset 0
}

// .tbss takes no room in the image: a TLS segment whose p_memsz reaches past
// the last loadable segment is sound (a 64 KiB __thread array, for one).
Test(elf_phdr, tls_bss_may_extend_past_the_span) {
  Object o;
  o.ph[3].p_memsz = 0x10000;
  e::LoadPlan plan;
  const char* err = o.plan(&plan);
  cr_assert_null(err, "%s", err);
  cr_expect_eq(plan.tls, 3);
}

Test(elf_phdr, stack_defaults_to_rwx_without_gnu_stack) {
  Object o;
  o.eh.e_phnum = 5;
  e::LoadPlan plan;
  cr_assert_null(o.plan(&plan));
  cr_expect_eq(plan.stack_flags, e::PF_R | e::PF_W | e::PF_X);
}

Test(elf_phdr, pt_phdr_gives_header_address) {
  Object o;
  o.ph[5] = {e::PT_PHDR, e::PF_R, 64, 0x40, 0x40, 6 * 56, 6 * 56, 8};
  e::LoadPlan plan;
  cr_assert_null(o.plan(&plan));
  cr_expect_eq(plan.phdr_vaddr, 0x40u);
}

Test(elf_phdr, unmapped_headers_give_phdr_vaddr_0) {
  Object o;
  o.eh.e_phoff = 0x1100;  // 0x1100 + 6 * 56 = 0x1250 > 0x1200, the end of data's file range
  e::LoadPlan plan;
  cr_assert_null(o.plan(&plan));
  cr_expect_eq(plan.phdr_vaddr, 0u);
}

Test(elf_phdr, headers_in_data_segment_map_through_its_vaddr) {
  Object o;
  o.eh.e_phoff = 0x1010;  // 0x1010 + 336 = 0x1160 <= 0x1200: vaddr 0x11000 + 0x10
  e::LoadPlan plan;
  cr_assert_null(o.plan(&plan));
  cr_expect_eq(plan.phdr_vaddr, 0x11010u);
}

Test(elf_phdr, max_align_takes_largest_load_align) {
  Object o;
  // vaddr 0x200000 - offset 0 is a multiple of the 2 MiB alignment.
  o.ph[1] = {e::PT_LOAD, e::PF_R | e::PF_W, 0, 0x200000, 0x200000, 0x200, 0x1300, 0x200000};
  o.eh.e_phnum = 2;
  e::LoadPlan plan;
  const char* err = o.plan(&plan);
  cr_assert_null(err, "%s", err);
  cr_expect_eq(plan.max_align, 0x200000u);
  cr_expect_eq(plan.span_hi, 0x202000u);  // round_up(0x200000 + 0x1300, 0x1000)
}

Test(elf_phdr, span_lo_is_page_floor_of_first_load) {
  Object o;
  o.ph[0] = {e::PT_LOAD, e::PF_R, 0x234, 0x400234, 0x400234, 0x100, 0x100, kPage};
  o.ph[1].p_vaddr = 0x411000;
  o.ph[2].p_vaddr = 0x411000;
  o.ph[3].p_vaddr = 0x411100;
  o.ph[4].p_vaddr = 0x411000;
  o.eh.e_type = e::ET_EXEC;
  o.eh.e_phoff = 0x234;  // headers at the start of the first load's file range, 336 bytes
  o.ph[0].p_filesz = o.ph[0].p_memsz = 0x200;
  e::LoadPlan plan;
  const char* err = o.plan(&plan);
  cr_assert_null(err, "%s", err);
  cr_expect_eq(plan.span_lo, 0x400000u);  // 0x400234 & ~0xfff
  cr_expect_eq(plan.span_hi, 0x413000u);  // round_up(0x411000 + 0x1300, 0x1000)
  cr_expect_eq(plan.phdr_vaddr, 0x400234u);
}

Test(elf_phdr, rejects_each_bad_program_header_with_message) {
  for (const BadCase& c : kBad) {
    Object o;
    c.mutate(o);
    e::LoadPlan plan;
    const char* got = o.plan(&plan);
    cr_assert_not_null(got, "%s: accepted", c.what);
    cr_expect_str_eq(got, c.message, "%s: got \"%s\"", c.what, got);
  }
}
