// SPDX-License-Identifier: MIT
// Test helper: prints everything in the generated glibc_layout.h as
// tab-separated lines for the Python cross-checks. Hosted; no checks itself.
#include <cstdio>

#include "glibc_layout.h"

namespace L = ldr::glibc::layout;

int main() {
  std::printf("version\t%s\t%s\n", L::kGlibcVersion, L::kGlibcPackage);
  std::printf("object\tld_so\t%s\t%s\t%s\n", L::ld_so::kPath, L::ld_so::kDebugPath, L::ld_so::kBuildIdHex);
  std::printf("object\tlibc\t%s\t%s\t%s\n", L::libc::kPath, L::libc::kDebugPath, L::libc::kBuildIdHex);
  std::printf("object\tlibm\t%s\t%s\t%s\n", L::libm::kPath, L::libm::kDebugPath, L::libm::kBuildIdHex);
  for (const auto& s : L::kStructs) {
    const char* debug = s.source[0] == 'l' && s.source[1] == 'd' ? L::ld_so::kDebugPath : L::libc::kDebugPath;
    std::printf("struct\t%s\t%s\t%s\t%s\t%zu\t%zu\n", s.name, s.c_type, s.source, debug, s.size, s.align);
    for (std::size_t i = 0; i < s.field_count; ++i) {
      const auto& n = s.fields[i];
      const auto& f = n.field;
      std::printf("field\t%s\t%s\t%s\t%zu\t%zu\t%zu\t%zu\t%u\t%u\n", s.name, n.name, n.c_path, f.offset, f.size,
                  f.count, f.elem_size, f.bit_offset, f.bit_size);
    }
  }
  for (const auto& t : L::tunables::kList) {
    std::printf("tunable\t%u\t%s\t%s\t%lld\t%lld\t%lld\t%s\t%s\n", t.id, t.name, t.type_name,
                static_cast<long long>(t.default_value), static_cast<long long>(t.min),
                static_cast<long long>(t.max), t.security_level_name, t.env_alias);
  }
  return 0;
}
