// SPDX-License-Identifier: MIT
// Test: libc.so.6's own _thread_db_* descriptors (nptl_db/structs.def,
// {bits, count, offset} or {sizeof}) vs the generated header. Hosted, libelf.
// Descriptors of types the header does not cover are listed as skipped.
#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "glibc_layout.h"

namespace L = ldr::glibc::layout;

static std::string squash(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c != '_') o += c;
  }
  return o;
}

static const L::StructInfo* find_struct(const std::string& name) {
  std::string n = name == "list_t" ? "list_head" : name;
  for (const auto& s : L::kStructs) {
    if (n == s.name) return &s;
  }
  return nullptr;
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  elf_version(EV_CURRENT);
  int fd = open(argv[1], O_RDONLY);
  Elf* elf = fd < 0 ? nullptr : elf_begin(fd, ELF_C_READ, nullptr);
  if (elf == nullptr) {
    std::printf("cannot read %s\n", argv[1]);
    return 1;
  }
  int matched = 0, failed = 0;
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) == nullptr || sh.sh_type != SHT_DYNSYM) continue;
    Elf_Data* syms = elf_getdata(scn, nullptr);
    for (std::size_t i = 0; i < sh.sh_size / sh.sh_entsize; ++i) {
      GElf_Sym sym;
      gelf_getsym(syms, static_cast<int>(i), &sym);
      std::string name = elf_strptr(elf, sh.sh_link, sym.st_name);
      if (name.rfind("_thread_db_", 0) != 0 || sym.st_shndx == SHN_UNDEF) continue;
      Elf_Scn* ds = elf_getscn(elf, sym.st_shndx);
      GElf_Shdr dsh;
      gelf_getshdr(ds, &dsh);
      Elf_Data* d = elf_getdata(ds, nullptr);
      std::uint32_t v[3] = {0, 0, 0};
      std::memcpy(v, static_cast<char*>(d->d_buf) + (sym.st_value - dsh.sh_addr), sym.st_size < 12 ? sym.st_size : 12);
      std::string rest = name.substr(11);
      if (rest.rfind("sizeof_", 0) == 0) {
        const auto* s = find_struct(rest.substr(7));
        if (s == nullptr) {
          std::printf("skip %s (type not in header)\n", name.c_str());
          continue;
        }
        bool ok = v[0] == s->size;
        std::printf("%s %s = %u, header %zu\n", ok ? "ok  " : "FAIL", name.c_str(), v[0], s->size);
        ++matched;
        failed += !ok;
        continue;
      }
      // Longest struct-name prefix, then the field by name without underscores.
      const L::StructInfo* best = nullptr;
      std::string field;
      for (std::size_t cut = rest.size(); cut-- > 0;) {
        if (rest[cut] != '_') continue;
        if ((best = find_struct(rest.substr(0, cut))) != nullptr) {
          field = rest.substr(cut + 1);
          break;
        }
      }
      if (field == "dtvp") field = "header_dtv";  // nptl_db: #define dtvp header.dtv
      const L::NamedField* f = nullptr;
      for (std::size_t k = 0; best && k < best->field_count; ++k) {
        if (squash(best->fields[k].name) == squash(field)) f = &best->fields[k];
      }
      if (f == nullptr) {
        std::printf("skip %s (no matching type/field in header)\n", name.c_str());
        continue;
      }
      const auto& x = f->field;
      bool whole = v[0] == x.size * 8 && v[1] == 1;
      bool array = v[0] == x.elem_size * 8 && v[1] == x.count;
      bool ok = v[2] == x.offset && (whole || array);
      std::printf("%s %s = {%u, %u, %u}, header %s.%s {off %zu, size %zu, count %zu, elem %zu}\n", ok ? "ok  " : "FAIL",
                  name.c_str(), v[0], v[1], v[2], best->name, f->name, x.offset, x.size, x.count, x.elem_size);
      ++matched;
      failed += !ok;
    }
  }
  elf_end(elf);
  close(fd);
  std::printf("%d descriptors compared, %d failed\n", matched, failed);
  if (matched < 15) {
    std::printf("FAIL: too few descriptors matched (expected >= 15)\n");
    return 1;
  }
  return failed ? 1 : 0;
}
