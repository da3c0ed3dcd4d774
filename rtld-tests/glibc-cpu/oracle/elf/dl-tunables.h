/* SPDX-License-Identifier: MIT
   Stub of glibc's elf/dl-tunables.h for the oracle build: TUNABLE_GET reads
   the harness's inputs, TUNABLE_SET_WITH_BOUNDS records the call. */
#pragma once
#include "oracle.h"
#define TUNABLE_CALLBACK(name) oracle_tunable_cb_##name
#define TUNABLE_GET(id, type, cb) ((type) oracle_tunable_get (#id, (oracle_tunable_cb) (cb)))
#define TUNABLE_SET_WITH_BOUNDS(id, val, min, max) \
  oracle_tunable_set (#id, (uint64_t) (val), (uint64_t) (min), (uint64_t) (max))
