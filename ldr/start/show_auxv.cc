// SPDX-License-Identifier: MIT
// LD_SHOW_AUXV in glibc's format (sysdeps/unix/sysv/linux/dl-sysdep.c): a
// label per known type with its value in decimal, hexadecimal or as a
// string; "AT_??? (0xTYPE): 0xVALUE" for a type glibc 2.36 does not name;
// AT_NULL, AT_IGNORE and AT_IGNOREPPC are not printed.
#include "start/show_auxv.h"

#include "base/fmt.h"

namespace ldr {

namespace {

enum class Form : uint8_t { kUnknown, kDec, kHex, kStr, kIgnore };

struct Label {
  const char* text;  // after "AT_", padded as glibc pads it
  Form form;
};

// Indexed by type - 2, as glibc's table (types 2..51).
constexpr Label kLabels[] = {
    {"EXECFD:            ", Form::kDec},      // 2
    {"PHDR:              0x", Form::kHex},    // 3
    {"PHENT:             ", Form::kDec},      // 4
    {"PHNUM:             ", Form::kDec},      // 5
    {"PAGESZ:            ", Form::kDec},      // 6
    {"BASE:              0x", Form::kHex},    // 7
    {"FLAGS:             0x", Form::kHex},    // 8
    {"ENTRY:             0x", Form::kHex},    // 9
    {"NOTELF:            ", Form::kHex},      // 10
    {"UID:               ", Form::kDec},      // 11
    {"EUID:              ", Form::kDec},      // 12
    {"GID:               ", Form::kDec},      // 13
    {"EGID:              ", Form::kDec},      // 14
    {"PLATFORM:          ", Form::kStr},      // 15
    {"HWCAP:             ", Form::kHex},      // 16
    {"CLKTCK:            ", Form::kDec},      // 17
    {"FPUCW:             ", Form::kHex},      // 18
    {"DCACHEBSIZE:       0x", Form::kHex},    // 19
    {"ICACHEBSIZE:       0x", Form::kHex},    // 20
    {"UCACHEBSIZE:       0x", Form::kHex},    // 21
    {"IGNOREPPC", Form::kIgnore},             // 22
    {"SECURE:            ", Form::kDec},      // 23
    {"BASE_PLATFORM:     ", Form::kStr},      // 24
    {"RANDOM:            0x", Form::kHex},    // 25
    {"HWCAP2:            0x", Form::kHex},    // 26
    {nullptr, Form::kUnknown},                // 27 AT_RSEQ_FEATURE_SIZE (after 2.36)
    {nullptr, Form::kUnknown},                // 28 AT_RSEQ_ALIGN
    {nullptr, Form::kUnknown},                // 29
    {nullptr, Form::kUnknown},                // 30
    {"EXECFN:            ", Form::kStr},      // 31
    {"SYSINFO:           0x", Form::kHex},    // 32
    {"SYSINFO_EHDR:      0x", Form::kHex},    // 33
    {nullptr, Form::kUnknown},                // 34..39: the cache shapes glibc 2.36 does not name
    {nullptr, Form::kUnknown},
    {nullptr, Form::kUnknown},
    {nullptr, Form::kUnknown},
    {nullptr, Form::kUnknown},
    {nullptr, Form::kUnknown},
    {"L1I_CACHESIZE:     ", Form::kDec},      // 40
    {"L1I_CACHEGEOMETRY: 0x", Form::kHex},    // 41
    {"L1D_CACHESIZE:     ", Form::kDec},      // 42
    {"L1D_CACHEGEOMETRY: 0x", Form::kHex},    // 43
    {"L2_CACHESIZE:      ", Form::kDec},      // 44
    {"L2_CACHEGEOMETRY:  0x", Form::kHex},    // 45
    {"L3_CACHESIZE:      ", Form::kDec},      // 46
    {"L3_CACHEGEOMETRY:  0x", Form::kHex},    // 47
    {nullptr, Form::kUnknown},                // 48
    {nullptr, Form::kUnknown},                // 49
    {nullptr, Form::kUnknown},                // 50
    {"MINSIGSTKSZ:       ", Form::kDec},      // 51
};
constexpr uint64_t kLabelCount = sizeof kLabels / sizeof kLabels[0];
static_assert(kLabelCount == 50);

void show_auxv(const uint64_t* auxv) {
  base::FdWriter w(1);
  for (const uint64_t* av = auxv; av[0] != 0 /* AT_NULL */; av += 2) {
    uint64_t type = av[0], value = av[1];
    if (type < 2) continue;  // AT_IGNORE
    const Label* l = type - 2 < kLabelCount ? &kLabels[type - 2] : nullptr;
    if (l != nullptr && l->form == Form::kIgnore) continue;
    if (l == nullptr || l->form == Form::kUnknown) {
      w.str("AT_??? (0x").hex(type).str("): 0x").hex(value).nl();
      continue;
    }
    w.str("AT_").str(l->text);
    switch (l->form) {
      case Form::kDec: w.dec(value); break;
      case Form::kHex: w.hex(value); break;
      case Form::kStr: w.str(value != 0 ? reinterpret_cast<const char*>(value) : "(null)"); break;
      default: break;
    }
    w.nl();
  }
}

}  // namespace

void show_auxv_if_asked(char* const* envp, const uint64_t* auxv) {
  static constexpr char kName[] = "LD_SHOW_AUXV=";
  for (char* const* e = envp; *e != nullptr; ++e) {
    size_t i = 0;
    while (kName[i] != '\0' && (*e)[i] == kName[i]) ++i;
    if (kName[i] == '\0') show_auxv(auxv);
  }
}

}  // namespace ldr
