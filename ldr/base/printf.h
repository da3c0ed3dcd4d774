// SPDX-License-Identifier: MIT
// The small printf dialect glibc's ld.so uses (elf/dl-printf.c): %s with
// optional ".*" precision, %d/%u/%x with optional '0' fill, '*' width and the
// 'l'/'Z'/'z' modifier, %p and %%. Used where glibc's ABI hands ldr a format
// string (_dl_fatal_printf, _dl_debug_printf, _dl_exception_create_format).
#pragma once

#include <cstdarg>

#include "base/fmt.h"

namespace ldr::base {

void vformat(Writer& w, const char* fmt, va_list args);

}  // namespace ldr::base
