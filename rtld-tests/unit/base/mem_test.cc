// SPDX-License-Identifier: MIT
// base::equal_bytes: equal and unequal runs of every length 0..80 at every
// alignment, a difference at each position; it reads nothing outside its
// n bytes (runs that end right before an unmapped page).
#include <criterion/criterion.h>
#include <sys/mman.h>

#include <cstring>

#include "base/mem.h"

Test(base_mem, equal_bytes_every_length_alignment_and_position) {
  alignas(16) static char a[128], b[128];
  for (unsigned len = 0; len <= 80; ++len) {
    for (unsigned offset = 0; offset < 16; ++offset) {
      for (unsigned i = 0; i < len; ++i) a[offset + i] = b[i] = static_cast<char>('A' + (i * 7 + len) % 50);
      cr_expect(ldr::base::equal_bytes(a + offset, b, len), "length %u offset %u", len, offset);
      for (unsigned at = 0; at < len; ++at) {
        a[offset + at] ^= 0x20;
        cr_expect_not(ldr::base::equal_bytes(a + offset, b, len), "length %u offset %u differs at %u", len, offset, at);
        a[offset + at] ^= 0x20;
      }
    }
  }
}

Test(base_mem, equal_bytes_stays_inside_its_bytes) {
  const long page = 4096;
  auto* area = static_cast<char*>(mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  cr_assert(area != MAP_FAILED);
  cr_assert_eq(mprotect(area + page, page, PROT_NONE), 0);
  char b[80];
  for (unsigned len = 0; len <= 80; ++len) {
    char* a = area + page - len;  // the run ends at the page's last byte
    for (unsigned i = 0; i < len; ++i) a[i] = b[i] = static_cast<char>('a' + i % 26);
    cr_expect(ldr::base::equal_bytes(a, b, len), "length %u", len);
  }
  munmap(area, 2 * page);
}
