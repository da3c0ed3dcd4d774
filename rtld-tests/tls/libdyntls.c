/* SPDX-License-Identifier: MIT
 * A library with thread-local storage, opened by dyn_tls after start-up.
 * Built three ways: the general-dynamic model (default for -fPIC), TLS
 * descriptors (-mtls-dialect=gnu2), and initial-exec (TLS_IE: its block
 * must move to the static TLS surplus). TLS_BIG makes the initial-exec
 * block too large for the surplus. */
#include <stddef.h>

#ifdef TLS_IE
#define MODEL __attribute__((tls_model("initial-exec")))
#else
#define MODEL
#endif
#ifndef TLS_BIG
#define TLS_BIG 1
#endif

MODEL __thread int counter = 100;
MODEL __thread char name[16] = "initial";
MODEL __thread char big[TLS_BIG];
MODEL __thread double aligned_value __attribute__((aligned(64))) = 2.5;

/* Adds step to this thread's counter; returns the new value. */
int bump(int step) {
  counter += step;
  big[0] = 1;
  return counter;
}

const char* thread_name(void) { return name; }

void set_thread_name(char c) {
  name[0] = c;
  name[1] = '\0';
}

/* 1 when this thread's aligned_value is 64-aligned and still 2.5. */
int aligned_ok(void) { return ((size_t)&aligned_value % 64) == 0 && aligned_value == 2.5; }
