// SPDX-License-Identifier: MIT
// Compile check: glibc_layout.h in the loader's freestanding mode (-Werror,
// -Wold-style-cast, -Wconversion); uses the bit helpers so they are emitted.
#include "glibc_layout.h"

namespace L = ldr::glibc::layout;

static_assert(L::link_map::kSize > L::link_map::l_tls_modid.offset, "constants are constexpr");
static_assert(L::element_offset(L::rtld_global::_dl_ns, 1) == L::rtld_global::_dl_ns.offset + L::link_namespaces::kSize);
static_assert(L::tunables::kList[L::tunables::glibc_rtld_nns].id == L::tunables::glibc_rtld_nns);

extern "C" unsigned long glibc_layout_freestanding_probe(void* map) {
  L::store_bits(map, L::link_map::l_relocated, 1);
  L::store_bits(map, L::link_map::l_type, static_cast<unsigned>(L::enums::lt_loaded));
  return L::load_bits(map, L::link_map::l_type) + L::constants::DL_NNS;
}
