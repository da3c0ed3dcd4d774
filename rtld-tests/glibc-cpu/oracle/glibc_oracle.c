/* SPDX-License-Identifier: MIT
   Test-only oracle: compiles glibc 2.36's own sysdeps/x86 cpu-features.c,
   cpu-tunables.c, dl-cacheinfo.h and get-isa-level.h (the installed Debian
   glibc-source tree, patches applied) with CPUID replaced by a table lookup,
   so ldr's port can be compared with glibc on machines we do not have.
   Nothing from glibc is copied into the repository. */
#define _GNU_SOURCE
#include <assert.h>
#include <elf.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oracle.h"

#define attribute_hidden
#define HAVE_TUNABLES 1
#define CET_ENABLED 0 /* Debian builds 2.36 without --enable-cet */
#define SHARED 1
#define IS_IN(lib) 0
#define MINSIGSTKSZ 2048
/* From sysdeps/x86/sysdep.h, which does not build outside glibc.  */
#define STATE_SAVE_OFFSET (8 * 7 + 8)
#define STATE_SAVE_MASK \
  ((1 << 1) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 6) | (1 << 7))

/* A Zhaoxin table without L2/L3 entries makes glibc's leaf-4 walk spin;
   give up after this many CPUID calls.  */
#define ORACLE_CPUID_LIMIT 100000

static const struct oracle_input *oracle_in;
static unsigned int oracle_calls;
static jmp_buf oracle_abort;

static void
oracle_cpuid (unsigned int leaf, unsigned int subleaf, unsigned int r[4])
{
  if (++oracle_calls > ORACLE_CPUID_LIMIT)
    longjmp (oracle_abort, 1);
  r[0] = r[1] = r[2] = r[3] = 0;
  for (size_t i = 0; i < oracle_in->count; i++)
    if (oracle_in->leaves[i].leaf == leaf && oracle_in->leaves[i].subleaf == subleaf)
      {
        memcpy (r, oracle_in->leaves[i].regs, sizeof oracle_in->leaves[i].regs);
        return;
      }
}

#define __cpuid(leaf, a, b, c, d) \
  do { unsigned int r_[4]; oracle_cpuid ((leaf), 0, r_); \
       (a) = r_[0]; (b) = r_[1]; (c) = r_[2]; (d) = r_[3]; } while (0)
#define __cpuid_count(leaf, sub, a, b, c, d) \
  do { unsigned int r_[4]; oracle_cpuid ((leaf), (sub), r_); \
       (a) = r_[0]; (b) = r_[1]; (c) = r_[2]; (d) = r_[3]; } while (0)

/* glibc has two asm statements here: XGETBV (two output operands, so two
   macro arguments) becomes the table's XCR0; BSR (one) stays real asm.  */
#define ORACLE_PICK(a, b, c, ...) c
#define ORACLE_XGETBV(a, b) (xcrlow = oracle_in->xcr0, xcrhigh = 0)
#define ORACLE_BSR(a) __asm__ (a)
#define asm(...) ORACLE_PICK (__VA_ARGS__, ORACLE_XGETBV, ORACLE_BSR) (__VA_ARGS__)

#include <cpu-features.h>

static struct cpu_features oracle_glro_dl_x86_cpu_features;
static size_t oracle_glro_dl_minsigstacksize;
static uint64_t oracle_glro_dl_hwcap;
static const char *oracle_glro_dl_platform;
static uint64_t oracle_set[5][3];

const struct cpu_features *
_dl_x86_get_cpu_features (void)
{
  return &oracle_glro_dl_x86_cpu_features;
}

int64_t
oracle_tunable_get (const char *id, oracle_tunable_cb cb)
{
  if (strcmp (id, "hwcaps") == 0)
    {
      if (oracle_in->hwcaps != NULL && cb != NULL)
        {
          tunable_val_t v = { .strval = oracle_in->hwcaps };
          cb (&v);
        }
      return 0;
    }
  if (strcmp (id, "x86_non_temporal_threshold") == 0)
    return oracle_in->non_temporal_threshold;
  if (strcmp (id, "x86_rep_movsb_threshold") == 0)
    return oracle_in->rep_movsb_threshold;
  if (strcmp (id, "x86_rep_stosb_threshold") == 0)
    return oracle_in->rep_stosb_threshold;
  if (strcmp (id, "x86_data_cache_size") == 0)
    return oracle_in->data_cache_size;
  if (strcmp (id, "x86_shared_cache_size") == 0)
    return oracle_in->shared_cache_size;
  abort ();
}

void
oracle_tunable_set (const char *id, uint64_t val, uint64_t min, uint64_t max)
{
  static const char *const names[5] = {
    "x86_data_cache_size", "x86_shared_cache_size", "x86_non_temporal_threshold",
    "x86_rep_movsb_threshold", "x86_rep_stosb_threshold" };
  for (int i = 0; i < 5; i++)
    if (strcmp (id, names[i]) == 0)
      {
        oracle_set[i][0] = val;
        oracle_set[i][1] = min;
        oracle_set[i][2] = max;
        return;
      }
  abort ();
}

#include <ldsodefs.h>
#include <sysdeps/x86/cpu-tunables.c>
#include <sysdeps/x86/cpu-features.c>

int
glibc_oracle_run (const struct oracle_input *in, struct oracle_output *out)
{
  oracle_in = in;
  oracle_calls = 0;
  memset (&oracle_glro_dl_x86_cpu_features, 0, sizeof oracle_glro_dl_x86_cpu_features);
  memset (oracle_set, 0, sizeof oracle_set);
  oracle_glro_dl_minsigstacksize = in->at_minsigstksz;
  oracle_glro_dl_hwcap = 0;
  oracle_glro_dl_platform = NULL;
  if (setjmp (oracle_abort) != 0)
    return -1;
  init_cpu_features (&oracle_glro_dl_x86_cpu_features);
  _Static_assert (sizeof oracle_glro_dl_x86_cpu_features == sizeof out->cpu_features, "480");
  memcpy (out->cpu_features, &oracle_glro_dl_x86_cpu_features, sizeof out->cpu_features);
  out->dl_hwcap = oracle_glro_dl_hwcap;
  out->dl_platform = oracle_glro_dl_platform;
  out->dl_minsigstacksize = oracle_glro_dl_minsigstacksize;
  memcpy (out->set, oracle_set, sizeof oracle_set);
  out->cpuid_calls = oracle_calls;
  return 0;
}
