// SPDX-License-Identifier: MIT
// Fixture libvcxx.so.1 (C++): version 1.36 (two integers: newer than 1.4)
// and one requirement; built with g++ and clang++.
#include <ldr/version.h>

LDR_LIBRARY_VERSION(1, 36);
LDR_LIBRARY_IDSTRING("libvcxx.so.1 1.36 (1.12.2026) C++ fixture");
LDR_REQUIRE("libvfoo.so.1", 3, 5);

namespace vcxx {
int answer() { return 36; }
// Unreferenced and not exported: proof that --gc-sections ran.
__attribute__((visibility("hidden"))) int vn_collected_garbage() { return 7; }
}  // namespace vcxx
