/* SPDX-License-Identifier: MIT
 * One of the libraries dl_stress opens and closes in a loop (built as
 * libstress_a … libstress_d). Each has TLS, a constructor and a destructor
 * that count, and a function that uses its TLS. */
#include <stdatomic.h>

extern atomic_int stress_inits, stress_finis;  /* in dl_stress */

static __thread int calls;

__attribute__((constructor)) static void init(void) { atomic_fetch_add(&stress_inits, 1); }
__attribute__((destructor)) static void fini(void) { atomic_fetch_add(&stress_finis, 1); }

int stress_call(int x) { return x + ++calls; }
