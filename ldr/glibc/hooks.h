// SPDX-License-Identifier: MIT
// The function pointers glibc's ld.so publishes in _rtld_global_ro for libc
// (_dl_catch_error, _dl_open, _dl_tls_get_addr_soft, _dl_find_object, ...).
#pragma once

namespace ldr::glibc {

void install_function_pointers(void* rtld_global_ro);

}  // namespace ldr::glibc
