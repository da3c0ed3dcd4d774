/* SPDX-License-Identifier: MIT
   Stub of glibc's include/libc-pointer-arith.h: ALIGN_UP for integers. */
#pragma once
#include <stdint.h>
#define ALIGN_UP(base, size) (((base) + (size) - 1) & ~((size) - 1))
