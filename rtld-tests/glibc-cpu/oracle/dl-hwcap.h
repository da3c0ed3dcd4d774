/* SPDX-License-Identifier: MIT
   Stub of glibc's sysdeps/x86/dl-hwcap.h: the HWCAP_X86_* values only. */
#pragma once
enum
{
  HWCAP_X86_SSE2 = 1 << 0,
  HWCAP_X86_64 = 1 << 1,
  HWCAP_X86_AVX512_1 = 1 << 2
};
