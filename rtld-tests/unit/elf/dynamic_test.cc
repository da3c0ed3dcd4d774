// SPDX-License-Identifier: MIT
// elf::decode_dynamic on hand-built images (an Image over a byte buffer:
// bias = buffer address, link-time span [0, 0x1000)): what a good section
// yields, and the exact message for each out-of-range or malformed table.
#include <criterion/criterion.h>

#include <cstring>

#include "elf/dynamic.h"
#include "elf/types.h"

namespace e = ldr::elf;

namespace {

// Link-time layout of the test image.
constexpr uint64_t kDyn = 0x000, kSym = 0x200, kStr = 0x300, kGnu = 0x400, kHash = 0x500,
                   kVersym = 0x600, kVerdef = 0x680, kVerneed = 0x700, kRela = 0x800,
                   kRelr = 0x900, kArr = 0x980, kSize = 0x1000;

// The string table; offsets are found with str().
constexpr char kStrings[] =
    "\0libc.so.6\0libm.so.6\0libx.so.1\0/opt/rpath\0$ORIGIN/../lib\0foo\0bar\0LIB_1.0\0LIB_2.0";
constexpr uint64_t kStrSize = sizeof kStrings;  // includes the final NUL

uint64_t str(const char* s) {
  for (uint64_t i = 1; i < kStrSize; ++i)
    if (std::strcmp(kStrings + i, s) == 0 && kStrings[i - 1] == '\0') return i;
  cr_assert_fail("no string %s", s);
  return 0;
}

struct Img {
  alignas(16) unsigned char buf[kSize] = {};
  e::Elf64_Dyn dyn[31] = {};
  int n = 0;

  Img() { std::memcpy(buf + kStr, kStrings, kStrSize); }
  e::Image image() const { return {reinterpret_cast<uintptr_t>(buf), 0, kSize}; }
  Img& tag(e::Elf64_Sxword t, uint64_t v) {
    dyn[n++] = {t, v};
    return *this;
  }
  Img& strtab() { return tag(e::DT_STRTAB, kStr).tag(e::DT_STRSZ, kStrSize); }
  template <typename T>
  T* at(uint64_t vaddr) { return reinterpret_cast<T*>(buf + vaddr); }
  // Writes the entries plus DT_NULL (unless !terminate) and decodes them.
  const char* decode(e::DynamicInfo* d, bool terminate = true) {
    std::memcpy(buf + kDyn, dyn, n * sizeof(e::Elf64_Dyn));
    int total = n;
    if (terminate) at<e::Elf64_Dyn>(kDyn)[total++] = {e::DT_NULL, 0};
    return e::decode_dynamic(image(), kDyn, total * sizeof(e::Elf64_Dyn), d);
  }
  // Three symbols (0 and two named ones) and a SysV table covering them.
  Img& symbols() {
    auto* s = at<e::Elf64_Sym>(kSym);
    s[1].st_name = static_cast<uint32_t>(str("foo"));
    s[2].st_name = static_cast<uint32_t>(str("bar"));
    uint32_t* h = at<uint32_t>(kHash);
    h[0] = 1;  // nbucket
    h[1] = 3;  // nchain = symbol count
    return strtab().tag(e::DT_SYMTAB, kSym).tag(e::DT_HASH, kHash);
  }
  // Version definitions: base (ndx 1, libx.so.1) then LIB_1.0 (ndx 2).
  Img& verdefs() {
    auto* vd0 = at<e::Elf64_Verdef>(kVerdef);         // aux at +0x40, next at +0x20
    auto* vd1 = at<e::Elf64_Verdef>(kVerdef + 0x20);  // aux at +0x20 + 0x28 = +0x48
    *vd0 = {e::VER_DEF_CURRENT, e::VER_FLG_BASE, 1, 1, 0, 0x40, 0x20};
    *vd1 = {e::VER_DEF_CURRENT, 0, 2, 1, 0, 0x28, 0};
    *at<e::Elf64_Verdaux>(kVerdef + 0x40) = {static_cast<uint32_t>(str("libx.so.1")), 0};
    *at<e::Elf64_Verdaux>(kVerdef + 0x48) = {static_cast<uint32_t>(str("LIB_1.0")), 0};
    return tag(e::DT_VERDEF, kVerdef).tag(e::DT_VERDEFNUM, 2);
  }
  // Version needs: libm.so.6 needs LIB_1.0 and LIB_2.0.
  Img& verneeds() {
    auto* vn = at<e::Elf64_Verneed>(kVerneed);
    auto* aux = at<e::Elf64_Vernaux>(kVerneed + 0x10);
    *vn = {e::VER_NEED_CURRENT, 2, static_cast<uint32_t>(str("libm.so.6")), 0x10, 0};
    aux[0] = {0, 0, 2, static_cast<uint32_t>(str("LIB_1.0")), 0x10};
    aux[1] = {0, 0, 3, static_cast<uint32_t>(str("LIB_2.0")), 0};
    return tag(e::DT_VERNEED, kVerneed).tag(e::DT_VERNEEDNUM, 1);
  }
};

struct BadCase {
  const char* what;
  void (*setup)(Img&);
  const char* message;
};

const BadCase kBad[] = {
    {"DT_STRSZ 0", [](Img& i) { i.tag(e::DT_STRTAB, kStr).tag(e::DT_STRSZ, 0); },
     "string table out of range"},
    {"strtab 0xff0 + 0x20 > 0x1000", [](Img& i) { i.tag(e::DT_STRTAB, 0xff0).tag(e::DT_STRSZ, 0x20); },
     "string table out of range"},
    {"strtab at 0x2000", [](Img& i) { i.tag(e::DT_STRTAB, 0x2000).tag(e::DT_STRSZ, 4); },
     "string table out of range"},
    {"last string byte '0' not NUL", [](Img& i) { i.tag(e::DT_STRTAB, kStr).tag(e::DT_STRSZ, kStrSize - 1); },
     "string table is not NUL-terminated"},
    {"DT_NEEDED without a string table", [](Img& i) { i.tag(e::DT_NEEDED, 1); },
     "object has names but no string table"},
    {"DT_RUNPATH without a string table", [](Img& i) { i.tag(e::DT_RUNPATH, 1); },
     "object has names but no string table"},
    {"DT_NEEDED = strsz", [](Img& i) { i.strtab().tag(e::DT_NEEDED, kStrSize); },
     "DT_NEEDED name out of range"},
    {"second DT_NEEDED out of range", [](Img& i) { i.strtab().tag(e::DT_NEEDED, 1).tag(e::DT_NEEDED, 0x1000); },
     "DT_NEEDED name out of range"},
    {"DT_SONAME = strsz", [](Img& i) { i.strtab().tag(e::DT_SONAME, kStrSize); }, "DT_SONAME out of range"},
    {"DT_RPATH = strsz", [](Img& i) { i.strtab().tag(e::DT_RPATH, kStrSize); }, "DT_RPATH out of range"},
    {"DT_RUNPATH = strsz", [](Img& i) { i.strtab().tag(e::DT_RUNPATH, kStrSize); }, "DT_RUNPATH out of range"},
    {"DT_REL", [](Img& i) { i.strtab().tag(e::DT_REL, kRela); },
     "DT_REL relocations are not supported on x86-64"},
    {"DT_RELSZ", [](Img& i) { i.tag(e::DT_RELSZ, 16); }, "DT_REL relocations are not supported on x86-64"},
    {"DT_HASH header at 0xffc (4 of 8 bytes)", [](Img& i) { i.strtab().tag(e::DT_HASH, 0xffc); },
     "hash table out of range"},
    {"DT_HASH nbucket 0x400: (2 + 0x400 + 3) * 4 > 0x1000 - 0x500", [](Img& i) {
       i.symbols();
       i.at<uint32_t>(kHash)[0] = 0x400;
     },
     "hash table out of range"},
    {"DT_GNU_HASH header at 0xff8 (8 of 16 bytes)", [](Img& i) { i.strtab().tag(e::DT_GNU_HASH, 0xff8); },
     "GNU hash table out of range"},
    {"GNU bloom size 3", [](Img& i) {
       uint32_t* h = i.at<uint32_t>(kGnu);
       h[0] = 1, h[1] = 1, h[2] = 3, h[3] = 6;
       i.strtab().tag(e::DT_GNU_HASH, kGnu);
     },
     "GNU hash table is malformed"},
    {"DT_SYMENT 16", [](Img& i) { i.symbols().tag(e::DT_SYMENT, 16); }, "unexpected DT_SYMENT"},
    {"symtab without strtab", [](Img& i) { i.tag(e::DT_SYMTAB, kSym); },
     "symbol table without a string table"},
    {"symtab 0xfe0 + 3 * 24 > 0x1000", [](Img& i) {
       i.symbols();
       i.dyn[2].d_val = 0xfe0;  // DT_SYMTAB
     },
     "symbol table out of range"},
    {"versym 0xffc + 3 * 2 > 0x1000", [](Img& i) { i.symbols().tag(e::DT_VERSYM, 0xffc); },
     "version symbol table out of range"},
    {"verdef count 0x8000", [](Img& i) { i.strtab().verdefs().tag(e::DT_VERDEFNUM, 0x8000); },
     "too many version definitions"},
    {"verdef at 0xff0 (20-byte record)", [](Img& i) { i.strtab().tag(e::DT_VERDEF, 0xff0).tag(e::DT_VERDEFNUM, 1); },
     "version definition out of range"},
    {"verdef vd_version 2", [](Img& i) {
       i.strtab().verdefs();
       i.at<e::Elf64_Verdef>(kVerdef)->vd_version = 2;
     },
     "unsupported version of Verdef record"},
    {"verdef vd_cnt 0", [](Img& i) {
       i.strtab().verdefs();
       i.at<e::Elf64_Verdef>(kVerdef)->vd_cnt = 0;
     },
     "version definition out of range"},
    {"verdef vd_aux past the image", [](Img& i) {
       i.strtab().verdefs();
       i.at<e::Elf64_Verdef>(kVerdef)->vd_aux = 0x1000;
     },
     "version definition out of range"},
    {"verdef vd_next to 0x1000", [](Img& i) {
       i.strtab().verdefs();
       i.at<e::Elf64_Verdef>(kVerdef)->vd_next = 0x1000 - kVerdef;
     },
     "version definition out of range"},
    {"verdef chain ends after 1 of 2", [](Img& i) {
       i.strtab().verdefs();
       i.at<e::Elf64_Verdef>(kVerdef)->vd_next = 0;
     },
     "version definition chain is short"},
    {"verdaux name = strsz", [](Img& i) {
       i.strtab().verdefs();
       i.at<e::Elf64_Verdaux>(kVerdef + 0x48)->vda_name = kStrSize;
     },
     "version name out of range"},
    {"verneed count 0x8000", [](Img& i) { i.strtab().verneeds().tag(e::DT_VERNEEDNUM, 0x8000); },
     "too many version requirements"},
    {"verneed at 0xff8 (16-byte record)", [](Img& i) { i.strtab().tag(e::DT_VERNEED, 0xff8).tag(e::DT_VERNEEDNUM, 1); },
     "version requirement out of range"},
    {"verneed vn_version 0", [](Img& i) {
       i.strtab().verneeds();
       i.at<e::Elf64_Verneed>(kVerneed)->vn_version = 0;
     },
     "unsupported version of Verneed record"},
    {"verneed vn_file = strsz", [](Img& i) {
       i.strtab().verneeds();
       i.at<e::Elf64_Verneed>(kVerneed)->vn_file = kStrSize;
     },
     "version requirement file name out of range"},
    {"vernaux past the image", [](Img& i) {
       i.strtab().verneeds();
       i.at<e::Elf64_Verneed>(kVerneed)->vn_aux = 0x1000 - kVerneed - 8;
     },
     "version requirement out of range"},
    {"vernaux chain ends after 1 of 2", [](Img& i) {
       i.strtab().verneeds();
       i.at<e::Elf64_Vernaux>(kVerneed + 0x10)->vna_next = 0;
     },
     "version requirement chain is short"},
    {"vernaux name = strsz", [](Img& i) {
       i.strtab().verneeds();
       i.at<e::Elf64_Vernaux>(kVerneed + 0x20)->vna_name = kStrSize;
     },
     "version name out of range"},
    {"verneed chain ends after 1 of 2", [](Img& i) { i.strtab().verneeds().tag(e::DT_VERNEEDNUM, 2); },
     "version requirement chain is short"},
    {"DT_RELAENT 16", [](Img& i) { i.tag(e::DT_RELA, kRela).tag(e::DT_RELASZ, 48).tag(e::DT_RELAENT, 16); },
     "unexpected DT_RELAENT"},
    {"DT_RELASZ 70 not a multiple of 24", [](Img& i) { i.tag(e::DT_RELA, kRela).tag(e::DT_RELASZ, 70); },
     "relocation table out of range"},
    {"rela 0xfe8 + 48 > 0x1000", [](Img& i) { i.tag(e::DT_RELA, 0xfe8).tag(e::DT_RELASZ, 48); },
     "relocation table out of range"},
    {"DT_PLTREL DT_REL", [](Img& i) {
       i.tag(e::DT_JMPREL, kRela).tag(e::DT_PLTRELSZ, 24).tag(e::DT_PLTREL, e::DT_REL);
     },
     "DT_PLTREL is not DT_RELA"},
    {"jmprel 0xff0 + 24 > 0x1000", [](Img& i) {
       i.tag(e::DT_JMPREL, 0xff0).tag(e::DT_PLTRELSZ, 24).tag(e::DT_PLTREL, e::DT_RELA);
     },
     "PLT relocation table out of range"},
    {"DT_PLTRELSZ 20", [](Img& i) {
       i.tag(e::DT_JMPREL, kRela).tag(e::DT_PLTRELSZ, 20).tag(e::DT_PLTREL, e::DT_RELA);
     },
     "PLT relocation table out of range"},
    {"DT_RELRENT 16", [](Img& i) { i.tag(e::DT_RELR, kRelr).tag(e::DT_RELRSZ, 16).tag(e::DT_RELRENT, 16); },
     "unexpected DT_RELRENT"},
    {"DT_RELRSZ 12", [](Img& i) { i.tag(e::DT_RELR, kRelr).tag(e::DT_RELRSZ, 12); },
     "RELR table out of range"},
    {"relr 0xffc + 8 > 0x1000", [](Img& i) { i.tag(e::DT_RELR, 0xffc).tag(e::DT_RELRSZ, 8); },
     "RELR table out of range"},
    {"DT_INIT_ARRAYSZ 12", [](Img& i) { i.tag(e::DT_INIT_ARRAY, kArr).tag(e::DT_INIT_ARRAYSZ, 12); },
     "initializer array out of range"},
    {"fini array 0xff8 + 16 > 0x1000", [](Img& i) { i.tag(e::DT_FINI_ARRAY, 0xff8).tag(e::DT_FINI_ARRAYSZ, 16); },
     "initializer array out of range"},
    {"preinit array 0x1000", [](Img& i) { i.tag(e::DT_PREINIT_ARRAY, 0x1000).tag(e::DT_PREINIT_ARRAYSZ, 8); },
     "initializer array out of range"},
    {"DT_INIT 0x1000", [](Img& i) { i.tag(e::DT_INIT, 0x1000); }, "DT_INIT out of range"},
    {"DT_FINI 0x5000", [](Img& i) { i.tag(e::DT_FINI, 0x5000); }, "DT_FINI out of range"},
};

}  // namespace

Test(elf_dynamic, rejects_each_bad_table_with_message) {
  for (const BadCase& c : kBad) {
    Img img;
    c.setup(img);
    e::DynamicInfo d;
    const char* got = img.decode(&d);
    cr_assert_not_null(got, "%s: accepted", c.what);
    cr_expect_str_eq(got, c.message, "%s: got \"%s\"", c.what, got);
  }
}

Test(elf_dynamic, rejects_dynamic_section_outside_image) {
  Img img;
  e::DynamicInfo d;
  const char* got = e::decode_dynamic(img.image(), 0xff0, 0x20, &d);  // 0xff0 + 0x20 > 0x1000
  cr_assert_not_null(got);
  cr_expect_str_eq(got, "dynamic section is outside every loadable segment");
}

Test(elf_dynamic, rejects_section_without_dt_null) {
  Img img;
  img.strtab().tag(e::DT_NEEDED, str("libc.so.6"));
  e::DynamicInfo d;
  const char* got = img.decode(&d, /*terminate=*/false);
  cr_assert_not_null(got);
  cr_expect_str_eq(got, "dynamic section is not terminated by DT_NULL");
}

Test(elf_dynamic, ignores_entries_after_dt_null) {
  Img img;
  img.strtab().tag(e::DT_NULL, 0).tag(e::DT_REL, kRela).tag(e::DT_NEEDED, 0xffff);
  e::DynamicInfo d;
  cr_expect_null(img.decode(&d));
  cr_expect_eq(d.needed_count, 0u);
}

Test(elf_dynamic, decodes_names_and_search_paths) {
  Img img;
  img.strtab()
      .tag(e::DT_NEEDED, str("libc.so.6"))
      .tag(e::DT_NEEDED, str("libm.so.6"))
      .tag(e::DT_SONAME, str("libx.so.1"))
      .tag(e::DT_RPATH, str("/opt/rpath"))
      .tag(e::DT_RUNPATH, str("$ORIGIN/../lib"));
  e::DynamicInfo d;
  const char* err = img.decode(&d);
  cr_assert_null(err, "%s", err);
  cr_expect_eq(d.dynamic, img.at<e::Elf64_Dyn>(kDyn));
  cr_expect_eq(d.strtab, img.at<const char>(kStr));
  cr_expect_eq(d.strsz, kStrSize);
  cr_expect_eq(d.needed_count, 2u);
  cr_expect_str_eq(d.soname, "libx.so.1");
  cr_expect_str_eq(d.rpath, "/opt/rpath");
  cr_expect_str_eq(d.runpath, "$ORIGIN/../lib");
  cr_expect_str_eq(d.string_at(str("libm.so.6")), "libm.so.6");
  cr_expect_null(d.string_at(kStrSize));
  cr_expect_null(d.symtab);
  cr_expect_eq(d.sym_count, 0u);
}

Test(elf_dynamic, absent_names_stay_null) {
  Img img;
  img.strtab();
  e::DynamicInfo d;
  cr_assert_null(img.decode(&d));
  cr_expect_null(d.soname);
  cr_expect_null(d.rpath);
  cr_expect_null(d.runpath);
  cr_expect_null(d.rela);
  cr_expect_null(d.jmprel);
  cr_expect_null(d.relr);
  cr_expect_null(d.debug);
}

Test(elf_dynamic, last_string_offset_is_in_range) {
  Img img;
  img.strtab().tag(e::DT_NEEDED, kStrSize - 1);  // the final NUL: an empty name
  e::DynamicInfo d;
  cr_expect_null(img.decode(&d));
}

// Symbol names are checked where they are read (name_of), not by decoding:
// a table's every st_name was a whole stream of it at each start.
Test(elf_dynamic, symbol_name_offsets_checked_when_read) {
  Img img;
  img.symbols();
  img.at<e::Elf64_Sym>(kSym)[2].st_name = kStrSize;
  e::DynamicInfo d;
  const char* err = img.decode(&d);
  cr_assert_null(err, "%s", err);
  cr_expect_null(d.name_of(d.symtab[2]));
  img.at<e::Elf64_Sym>(kSym)[2].st_name = kStrSize - 1;  // the final NUL: an empty name
  cr_expect_str_eq(d.name_of(d.symtab[2]), "");
}

Test(elf_dynamic, sysv_hash_gives_symbol_count_and_limit) {
  Img img;
  img.symbols();
  e::DynamicInfo d;
  const char* err = img.decode(&d);
  cr_assert_null(err, "%s", err);
  cr_expect_eq(d.sysv_hash, img.at<uint32_t>(kHash));
  cr_expect_eq(d.symtab, img.at<e::Elf64_Sym>(kSym));
  cr_expect_eq(d.sym_count, 3u);
  cr_expect_eq(d.sym_limit, 10u);  // strtab follows symtab: (0x300 - 0x200) / 24 = 10
}

Test(elf_dynamic, sym_limit_runs_to_image_end_without_following_strtab) {
  Img img;
  img.symbols();
  img.dyn[0].d_val = 0x100;  // DT_STRTAB moved below DT_SYMTAB (0x200)
  std::memcpy(img.buf + 0x100, kStrings, kStrSize);
  e::DynamicInfo d;
  const char* err = img.decode(&d);
  cr_assert_null(err, "%s", err);
  cr_expect_eq(d.sym_limit, 149u);  // (0x1000 - 0x200) / 24 = 149
}

Test(elf_dynamic, versym_bounds_sym_limit) {
  Img img;
  img.symbols().tag(e::DT_VERSYM, 0xff8);  // 3 entries fit; (0x1000 - 0xff8) / 2 = 4 readable
  e::DynamicInfo d;
  const char* err = img.decode(&d);
  cr_assert_null(err, "%s", err);
  cr_expect_eq(d.versym, img.at<e::Elf64_Half>(0xff8));
  cr_expect_eq(d.sym_limit, 4u);
}

Test(elf_dynamic, symbols_without_symtab_count_zero) {
  Img img;
  img.symbols();
  img.n = 2;  // keep DT_STRTAB, DT_STRSZ
  e::DynamicInfo d;
  cr_assert_null(img.decode(&d));
  cr_expect_eq(d.sym_count, 0u);
  cr_expect_null(d.sysv_hash);
  cr_expect_null(d.gnu_hash);
}

// A hash table indexes the symbol table: without one, a lookup walking its
// chains would read symbols that are not there (fuzz_elf_object found it).
Test(elf_dynamic, hash_table_without_symtab_is_refused) {
  Img img;
  img.symbols();
  img.n = 2;  // keep DT_STRTAB, DT_STRSZ
  img.tag(e::DT_HASH, kHash);
  e::DynamicInfo d;
  cr_expect_str_eq(img.decode(&d), "hash table without a symbol table");
}

Test(elf_dynamic, gnu_hash_table_sets_symbol_count) {
  Img img;
  uint32_t* h = img.at<uint32_t>(kGnu);
  // nbuckets 2, symoffset 1, bloom 1 word, shift 6; buckets {1, 3}; chain for 1..4,
  // with the end bit on 2 and 4: 5 symbols.
  const uint32_t table[] = {2, 1, 1, 6, 0, 0, 1, 3, 0x10, 0x21, 0x30, 0x41};
  std::memcpy(h, table, sizeof table);
  img.symbols();
  img.dyn[3] = {e::DT_GNU_HASH, kGnu};  // replaces DT_HASH
  e::DynamicInfo d;
  const char* err = img.decode(&d);
  cr_assert_null(err, "%s", err);
  cr_expect_eq(d.gnu_hash, h);
  cr_expect_null(d.sysv_hash);
  cr_expect_eq(d.sym_count, 5u);
}

Test(elf_dynamic, gnu_and_sysv_hash_take_larger_count) {
  Img img;
  const uint32_t table[] = {1, 1, 1, 6, 0, 0, 1, 0x11};  // one chain: symbol 1 only, count 2
  std::memcpy(img.at<uint32_t>(kGnu), table, sizeof table);
  img.symbols().tag(e::DT_GNU_HASH, kGnu);
  e::DynamicInfo d;
  cr_assert_null(img.decode(&d));
  cr_expect_eq(d.sym_count, 3u);  // max(SysV nchain 3, GNU 2)
}

struct GnuCountCase {
  const char* what;
  uint32_t words[12];
  uint64_t bytes;
  int64_t count;
};

Test(elf_dynamic, gnu_hash_symbol_count_table) {
  const GnuCountCase cases[] = {
      {"two buckets, chains end at 2 and 4: 4 + 1", {2, 1, 1, 6, 0, 0, 1, 3, 0x10, 0x21, 0x30, 0x41}, 48, 5},
      {"symoffset 5, bucket 6, chain 6..7: 7 + 1", {1, 5, 1, 6, 0, 0, 6, 0x50, 0x60, 0x71}, 40, 8},
      {"all buckets empty: symoffset", {2, 7, 1, 6, 0, 0, 0, 0}, 32, 7},
      {"fewer than 16 bytes", {1, 1, 1, 6}, 12, -1},
      {"nbuckets 0", {0, 1, 1, 6, 0, 0, 1, 0x11}, 32, -1},
      {"bloom size 0", {1, 1, 0, 6, 1, 0x11}, 24, -1},
      {"bloom size 3", {1, 1, 3, 6, 0, 0, 0, 0, 0, 0, 1, 0x11}, 48, -1},
      {"buckets past the readable bytes", {4, 1, 1, 6, 0, 0, 1, 0}, 28, -1},
      {"bucket 2 below symoffset 3", {1, 3, 1, 6, 0, 0, 2, 0x11}, 32, -1},
      {"bucket 1 below symoffset 3 beside a good bucket 3", {2, 3, 1, 6, 0, 0, 1, 3, 0x31}, 36, -1},
      {"chain never ends", {1, 1, 1, 6, 0, 0, 1, 0x10, 0x20}, 36, -1},
      {"chain end beyond readable bytes", {1, 1, 1, 6, 0, 0, 1, 0x10, 0x21}, 32, -1},
  };
  for (const GnuCountCase& c : cases) {
    int64_t got = e::gnu_hash_symbol_count(c.words, c.bytes);
    cr_expect_eq(got, c.count, "%s: got %lld, want %lld", c.what, static_cast<long long>(got),
                 static_cast<long long>(c.count));
  }
}

Test(elf_dynamic, decodes_version_tables) {
  Img img;
  img.symbols().tag(e::DT_VERSYM, kVersym).verdefs().verneeds();
  e::DynamicInfo d;
  const char* err = img.decode(&d);
  cr_assert_null(err, "%s", err);
  cr_expect_eq(d.versym, img.at<e::Elf64_Half>(kVersym));
  cr_expect_eq(d.verdef, img.at<e::Elf64_Verdef>(kVerdef));
  cr_expect_eq(d.verdef_count, 2u);
  cr_expect_eq(d.verneed, img.at<e::Elf64_Verneed>(kVerneed));
  cr_expect_eq(d.verneed_count, 1u);
}

Test(elf_dynamic, decodes_relocation_tables) {
  Img img;
  img.tag(e::DT_RELA, kRela).tag(e::DT_RELASZ, 3 * 24).tag(e::DT_RELAENT, 24)
      .tag(e::DT_RELACOUNT, 2)
      .tag(e::DT_JMPREL, kRela + 0x60).tag(e::DT_PLTRELSZ, 2 * 24).tag(e::DT_PLTREL, e::DT_RELA)
      .tag(e::DT_RELR, kRelr).tag(e::DT_RELRSZ, 3 * 8).tag(e::DT_RELRENT, 8);
  e::DynamicInfo d;
  const char* err = img.decode(&d);
  cr_assert_null(err, "%s", err);
  cr_expect_eq(d.rela, img.at<e::Elf64_Rela>(kRela));
  cr_expect_eq(d.rela_count, 3u);  // 72 / 24
  cr_expect_eq(d.relative_count, 2u);
  cr_expect_eq(d.jmprel, img.at<e::Elf64_Rela>(kRela + 0x60));
  cr_expect_eq(d.jmprel_count, 2u);  // 48 / 24
  cr_expect_eq(d.relr, img.at<uint64_t>(kRelr));
  cr_expect_eq(d.relr_count, 3u);  // 24 / 8
}

Test(elf_dynamic, relacount_beyond_table_is_ignored) {
  Img img;
  img.tag(e::DT_RELA, kRela).tag(e::DT_RELASZ, 2 * 24).tag(e::DT_RELACOUNT, 3);
  e::DynamicInfo d;
  cr_assert_null(img.decode(&d));
  cr_expect_eq(d.rela_count, 2u);
  cr_expect_eq(d.relative_count, 0u);
}

Test(elf_dynamic, empty_rela_at_address_0_is_accepted) {
  Img img;
  img.tag(e::DT_RELASZ, 0).tag(e::DT_RELAENT, 24);
  e::DynamicInfo d;
  cr_assert_null(img.decode(&d));
  cr_expect_null(d.rela);
  cr_expect_eq(d.rela_count, 0u);
}

Test(elf_dynamic, decodes_init_and_fini) {
  Img img;
  img.tag(e::DT_INIT, 0x10).tag(e::DT_FINI, 0x20)
      .tag(e::DT_INIT_ARRAY, kArr).tag(e::DT_INIT_ARRAYSZ, 16)
      .tag(e::DT_FINI_ARRAY, kArr + 16).tag(e::DT_FINI_ARRAYSZ, 8)
      .tag(e::DT_PREINIT_ARRAY, kArr + 24).tag(e::DT_PREINIT_ARRAYSZ, 24);
  e::DynamicInfo d;
  cr_assert_null(img.decode(&d));
  cr_expect_eq(d.init, 0x10u);
  cr_expect_eq(d.fini, 0x20u);
  cr_expect_eq(d.init_array, img.at<uint64_t>(kArr));
  cr_expect_eq(d.init_array_count, 2u);
  cr_expect_eq(d.fini_array, img.at<uint64_t>(kArr + 16));
  cr_expect_eq(d.fini_array_count, 1u);
  cr_expect_eq(d.preinit_array, img.at<uint64_t>(kArr + 24));
  cr_expect_eq(d.preinit_array_count, 3u);
}

struct FlagCase {
  const char* what;
  e::Elf64_Sxword tag;
  uint64_t value;
  bool bind_now, symbolic, textrel;
};

Test(elf_dynamic, flags_set_bind_now_symbolic_textrel) {
  const FlagCase cases[] = {
      {"none", e::DT_DEBUG, 0, false, false, false},
      {"DT_BIND_NOW", e::DT_BIND_NOW, 0, true, false, false},
      {"DT_FLAGS DF_BIND_NOW", e::DT_FLAGS, e::DF_BIND_NOW, true, false, false},
      {"DT_FLAGS_1 DF_1_NOW", e::DT_FLAGS_1, e::DF_1_NOW, true, false, false},
      {"DT_FLAGS_1 DF_1_PIE only", e::DT_FLAGS_1, e::DF_1_PIE, false, false, false},
      {"DT_SYMBOLIC", e::DT_SYMBOLIC, 0, false, true, false},
      {"DT_FLAGS DF_SYMBOLIC", e::DT_FLAGS, e::DF_SYMBOLIC, false, true, false},
      {"DT_TEXTREL", e::DT_TEXTREL, 0, false, false, true},
      {"DT_FLAGS DF_TEXTREL|DF_BIND_NOW", e::DT_FLAGS, e::DF_TEXTREL | e::DF_BIND_NOW, true, false, true},
  };
  for (const FlagCase& c : cases) {
    Img img;
    img.tag(c.tag, c.value);
    e::DynamicInfo d;
    const char* err = img.decode(&d);
    cr_assert_null(err, "%s: %s", c.what, err);
    cr_expect_eq(d.bind_now, c.bind_now, "%s: bind_now", c.what);
    cr_expect_eq(d.symbolic, c.symbolic, "%s: symbolic", c.what);
    cr_expect_eq(d.textrel, c.textrel, "%s: textrel", c.what);
  }
}

Test(elf_dynamic, debug_entry_points_into_section) {
  Img img;
  img.tag(e::DT_FLAGS_1, e::DF_1_PIE).tag(e::DT_DEBUG, 0);
  e::DynamicInfo d;
  cr_assert_null(img.decode(&d));
  cr_expect_eq(d.debug, img.at<e::Elf64_Dyn>(kDyn) + 1);
  cr_expect_eq(d.flags_1, e::DF_1_PIE);
}
