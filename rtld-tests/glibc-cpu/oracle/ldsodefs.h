/* SPDX-License-Identifier: MIT
   Stub of glibc's <ldsodefs.h> for the oracle build of glibc's own
   sysdeps/x86 sources: GLRO/GL variables are fields of the harness. */
#pragma once
#include <stdint.h>
#include <stddef.h>
#include "oracle.h"
#define GLRO(name) oracle_glro_##name
#define GL(name) oracle_gl_##name
