// SPDX-License-Identifier: MIT
// A mapped module's NT_GNU_BUILD_ID: the glibc personality checks libc's
// against its generated layouts; the bind cache identifies ldr itself by it.
#pragma once

#include <cstdint>

namespace ldr {

struct Module;

// The build-id note's descriptor of m (in its mapped notes), or false.
bool build_id_of(const Module& m, const unsigned char** id, uint32_t* len);

}  // namespace ldr
