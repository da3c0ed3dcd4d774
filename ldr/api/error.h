// SPDX-License-Identifier: MIT
// ldr_error()'s state: the last failure of an ldr_* call, per thread (keyed
// by the thread pointer, in a fixed table: ldr has no TLS and allocates
// nothing here). Only the API uses it; dlerror is the personality's.
#pragma once

#include "diag/diag.h"

namespace ldr::api {

// Makes d this thread's pending error.
void set_error(const Diag& d);

// This thread's pending error text, cleared; nullptr if none.
const char* take_error();

// A new thread gets the TCB at `thread`: a dead thread's pending error there
// is dropped.
void forget_error(uintptr_t thread);

}  // namespace ldr::api
