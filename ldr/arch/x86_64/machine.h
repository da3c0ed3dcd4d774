// SPDX-License-Identifier: MIT
// x86-64 specifics: relocation types and how each is classified, the TLS
// direction, the thread pointer. The only header outside arch/ that names
// R_X86_64_*; machine-independent code works with RelocClass.
#pragma once

#include <cstdint>

namespace ldr::arch {

inline constexpr uint32_t R_X86_64_NONE = 0, R_X86_64_64 = 1, R_X86_64_PC32 = 2,
    R_X86_64_GOT32 = 3, R_X86_64_PLT32 = 4, R_X86_64_COPY = 5, R_X86_64_GLOB_DAT = 6,
    R_X86_64_JUMP_SLOT = 7, R_X86_64_RELATIVE = 8, R_X86_64_GOTPCREL = 9, R_X86_64_32 = 10,
    R_X86_64_32S = 11, R_X86_64_16 = 12, R_X86_64_PC16 = 13, R_X86_64_8 = 14,
    R_X86_64_PC8 = 15, R_X86_64_DTPMOD64 = 16, R_X86_64_DTPOFF64 = 17, R_X86_64_TPOFF64 = 18,
    R_X86_64_TLSGD = 19, R_X86_64_TLSLD = 20, R_X86_64_DTPOFF32 = 21,
    R_X86_64_GOTTPOFF = 22, R_X86_64_TPOFF32 = 23, R_X86_64_PC64 = 24,
    R_X86_64_GOTOFF64 = 25, R_X86_64_GOTPC32 = 26, R_X86_64_SIZE32 = 32,
    R_X86_64_SIZE64 = 33, R_X86_64_GOTPC32_TLSDESC = 34, R_X86_64_TLSDESC_CALL = 35,
    R_X86_64_TLSDESC = 36, R_X86_64_IRELATIVE = 37, R_X86_64_RELATIVE64 = 38;

// The psABI name of a relocation type, or nullptr for an unknown one.
constexpr const char* reloc_type_name(uint32_t type) {
  switch (type) {
    case R_X86_64_NONE: return "R_X86_64_NONE";
    case R_X86_64_64: return "R_X86_64_64";
    case R_X86_64_PC32: return "R_X86_64_PC32";
    case R_X86_64_COPY: return "R_X86_64_COPY";
    case R_X86_64_GLOB_DAT: return "R_X86_64_GLOB_DAT";
    case R_X86_64_JUMP_SLOT: return "R_X86_64_JUMP_SLOT";
    case R_X86_64_RELATIVE: return "R_X86_64_RELATIVE";
    case R_X86_64_32: return "R_X86_64_32";
    case R_X86_64_32S: return "R_X86_64_32S";
    case R_X86_64_DTPMOD64: return "R_X86_64_DTPMOD64";
    case R_X86_64_DTPOFF64: return "R_X86_64_DTPOFF64";
    case R_X86_64_TPOFF64: return "R_X86_64_TPOFF64";
    case R_X86_64_PC64: return "R_X86_64_PC64";
    case R_X86_64_SIZE32: return "R_X86_64_SIZE32";
    case R_X86_64_SIZE64: return "R_X86_64_SIZE64";
    case R_X86_64_TLSDESC: return "R_X86_64_TLSDESC";
    case R_X86_64_IRELATIVE: return "R_X86_64_IRELATIVE";
    case R_X86_64_RELATIVE64: return "R_X86_64_RELATIVE64";
    default: return nullptr;
  }
}
inline constexpr uint32_t kRelocTypeCount = 40;  // bound of the type numbers above

// Variant II: TLS blocks lie below the thread pointer (psABI §3.4.6).
inline constexpr bool kTlsBelowTp = true;
// Where the TCB keeps things the compiler and libc read at fixed offsets.
inline constexpr uintptr_t kTcbSelfOffset = 0x0, kTcbDtvOffset = 0x8,
                           kTcbStackGuardOffset = 0x28, kTcbPointerGuardOffset = 0x30;

inline uintptr_t thread_pointer() {
  uintptr_t tp;
  __asm__("mov %%fs:0, %0" : "=r"(tp));
  return tp;
}

// The current thread's DTV pointer (tcbhead_t.dtv, at %fs:8).
inline void* thread_dtv() {
  void* dtv;
  __asm__("mov %%fs:8, %0" : "=r"(dtv));
  return dtv;
}

}  // namespace ldr::arch
