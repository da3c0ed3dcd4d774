// SPDX-License-Identifier: MIT
// Value relocations, psABI §4.4. GLOB_DAT and JUMP_SLOT ignore the addend,
// as glibc's sysdeps/x86_64/dl-machine.h does.
#include "reloc/apply.h"

#include "arch/x86_64/machine.h"

namespace ldr::reloc {

namespace {

template <typename T>
void store(void* place, T v) {
  __builtin_memcpy(place, &v, sizeof v);
}

}  // namespace

ApplyResult apply_value(uint32_t type, void* place, const RelocInputs& in) {
  using namespace ldr::arch;
  uint64_t sa = in.S + static_cast<uint64_t>(in.A);
  switch (type) {
    case R_X86_64_NONE: return ApplyResult::kOk;
    case R_X86_64_64: store<uint64_t>(place, sa); return ApplyResult::kOk;
    case R_X86_64_GLOB_DAT:
    case R_X86_64_JUMP_SLOT: store<uint64_t>(place, in.S); return ApplyResult::kOk;
    case R_X86_64_RELATIVE:
    case R_X86_64_RELATIVE64: store<uint64_t>(place, in.B + static_cast<uint64_t>(in.A)); return ApplyResult::kOk;
    case R_X86_64_PC64: store<uint64_t>(place, sa - in.P); return ApplyResult::kOk;
    case R_X86_64_SIZE64: store<uint64_t>(place, in.Z + static_cast<uint64_t>(in.A)); return ApplyResult::kOk;
    case R_X86_64_PC32: {
      int64_t v = static_cast<int64_t>(sa - in.P);
      if (v != static_cast<int32_t>(v)) return ApplyResult::kOverflow;
      store<int32_t>(place, static_cast<int32_t>(v));
      return ApplyResult::kOk;
    }
    case R_X86_64_32: {
      if (sa != static_cast<uint32_t>(sa)) return ApplyResult::kOverflow;
      store<uint32_t>(place, static_cast<uint32_t>(sa));
      return ApplyResult::kOk;
    }
    case R_X86_64_32S: {
      int64_t v = static_cast<int64_t>(sa);
      if (v != static_cast<int32_t>(v)) return ApplyResult::kOverflow;
      store<int32_t>(place, static_cast<int32_t>(v));
      return ApplyResult::kOk;
    }
    case R_X86_64_SIZE32: {
      uint64_t v = in.Z + static_cast<uint64_t>(in.A);
      if (v != static_cast<uint32_t>(v)) return ApplyResult::kOverflow;
      store<uint32_t>(place, static_cast<uint32_t>(v));
      return ApplyResult::kOk;
    }
    default: return ApplyResult::kNotValueType;
  }
}

}  // namespace ldr::reloc
