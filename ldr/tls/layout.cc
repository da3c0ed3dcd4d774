// SPDX-License-Identifier: MIT
// glibc elf/dl-tls.c _dl_determine_tlsoffset, TLS_TCB_AT_TP branch.
#include "tls/layout.h"

namespace ldr::tls {

namespace {
uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }
}  // namespace

StaticLayout layout_static_tls(const BlockSpec* b, size_t count, uint64_t* offsets,
                               uint64_t surplus, uint64_t tcb_size, uint64_t tcb_align) {
  uint64_t max_align = tcb_align;
  uint64_t freetop = 0, freebottom = 0, offset = 0;
  for (size_t i = 0; i < count; ++i) {
    uint64_t align = b[i].align != 0 ? b[i].align : 1;
    uint64_t firstbyte = (0 - b[i].first_byte) & (align - 1);
    if (align > max_align) max_align = align;
    if (freebottom - freetop >= b[i].size) {
      uint64_t off = round_up(freetop + b[i].size - firstbyte, align) + firstbyte;
      if (off <= freebottom) {
        freetop = off;
        offsets[i] = off;
        continue;
      }
    }
    uint64_t off = round_up(offset + b[i].size - firstbyte, align) + firstbyte;
    if (off > offset + b[i].size + (freebottom - freetop)) {
      freetop = offset;
      freebottom = off - b[i].size;
    }
    offset = off;
    offsets[i] = off;
  }
  StaticLayout out;
  out.used = offset;
  out.max_align = max_align;
  out.size = round_up(offset + surplus, max_align) + tcb_size;
  return out;
}

}  // namespace ldr::tls
