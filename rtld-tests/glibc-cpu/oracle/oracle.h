/* SPDX-License-Identifier: MIT
   Interface of the oracle: glibc 2.36's own init_cpu_features (Debian's
   source, compiled from /usr/src/glibc) run on a replayed CPUID table. */
#pragma once
#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct oracle_leaf
{
  unsigned int leaf, subleaf;
  unsigned int regs[4];
};

struct oracle_input
{
  const struct oracle_leaf *leaves;
  size_t count;
  uint32_t xcr0; /* what XGETBV returns */
  const char *hwcaps; /* NULL: not set; must be followed by an extra NUL */
  uint64_t non_temporal_threshold, rep_movsb_threshold, rep_stosb_threshold;
  uint64_t data_cache_size, shared_cache_size;
  uint64_t at_minsigstksz;
};

struct oracle_output
{
  unsigned char cpu_features[480]; /* glibc's struct cpu_features */
  uint64_t dl_hwcap;
  const char *dl_platform;
  uint64_t dl_minsigstacksize;
  uint64_t set[5][3]; /* data, shared, non_temporal, rep_movsb, rep_stosb */
  unsigned int cpuid_calls; /* CPUID instructions glibc executed */
};

/* 0 on success, -1 if glibc would not terminate (CPUID call limit hit). */
int glibc_oracle_run (const struct oracle_input *in, struct oracle_output *out);

#ifndef __cplusplus
typedef union { int64_t numval; const char *strval; } tunable_val_t;
typedef void (*oracle_tunable_cb) (tunable_val_t *);
int64_t oracle_tunable_get (const char *id, oracle_tunable_cb cb);
void oracle_tunable_set (const char *id, uint64_t val, uint64_t min, uint64_t max);
#endif

#ifdef __cplusplus
}
#endif
