/* SPDX-License-Identifier: MIT
   Stub of glibc's sysdeps/x86/cacheinfo.h (libc's copies of the thresholds,
   not needed by the oracle build). */
#pragma once
