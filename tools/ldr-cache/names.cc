// SPDX-License-Identifier: MIT
// Library file names as ldconfig sees them (glibc elf/ldconfig.c search_dir,
// elf/dl-cache.c _dl_cache_libcmp).
#include "names.h"

#include <cstring>

namespace ldr_cache {

int libcmp(const char* p1, const char* p2) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (*p1 != '\0') {
    if (digit(*p1)) {
      if (!digit(*p2)) return 1;
      unsigned long long v1 = 0, v2 = 0;
      while (digit(*p1)) v1 = v1 * 10 + static_cast<unsigned>(*p1++ - '0');
      while (digit(*p2)) v2 = v2 * 10 + static_cast<unsigned>(*p2++ - '0');
      if (v1 != v2) return v1 < v2 ? -1 : 1;
    } else if (digit(*p2)) {
      return -1;
    } else if (*p1 != *p2) {
      return static_cast<unsigned char>(*p1) - static_cast<unsigned char>(*p2);
    } else {
      ++p1;
      ++p2;
    }
  }
  return static_cast<unsigned char>(*p1) - static_cast<unsigned char>(*p2);
}

bool is_library_name(const std::string& n) {
  auto ends = [&](const char* suffix) {
    size_t k = std::strlen(suffix);
    return n.size() >= k && n.compare(n.size() - k, k, suffix) == 0;
  };
  if (n.find(';') != std::string::npos || ends(".dpkg.tmp") || ends(".dpkg.new")) return false;
  bool lib = n.compare(0, 3, "lib") == 0 || n.compare(0, 3, "ld-") == 0;
  return lib && n.find(".so") != std::string::npos;
}

}  // namespace ldr_cache
