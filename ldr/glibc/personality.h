// SPDX-License-Identifier: MIT
// The glibc personality's entry for the core: the Personality to use when
// the closure holds libc.so.6, or nullptr.
#pragma once

namespace ldr {
struct Personality;
struct Runtime;
}  // namespace ldr

namespace ldr::glibc {

const Personality* glibc_personality(Runtime& rt);

}  // namespace ldr::glibc
