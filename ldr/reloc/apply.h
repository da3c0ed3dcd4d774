// SPDX-License-Identifier: MIT
// The arithmetic of each x86-64 relocation that writes a value computed from
// S (symbol), A (addend), P (place), B (base) and Z (symbol size), psABI
// table 4.9. Pure: works on any byte buffer, so unit tests check each type.
#pragma once

#include <cstdint>

namespace ldr::reloc {

enum class ApplyResult { kOk, kOverflow, kNotValueType };

struct RelocInputs {
  uint64_t S;  // symbol value (run-time address), 0 for an undefined weak
  int64_t A;   // addend
  uint64_t P;  // run-time address of the place
  uint64_t B;  // load bias of the object being relocated
  uint64_t Z;  // symbol size
};

// Writes the value of a plain (non-TLS, non-COPY, non-IFUNC) relocation of
// `type` at `place`. kNotValueType for types this function does not compute.
ApplyResult apply_value(uint32_t type, void* place, const RelocInputs& in);

}  // namespace ldr::reloc
