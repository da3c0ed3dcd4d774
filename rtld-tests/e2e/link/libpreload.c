/* SPDX-License-Identifier: MIT
 * libpreload: preloaded (LD_PRELOAD / --preload) ahead of libdep_basic, so
 * its basic_greeting wins.  main_pie -> libdep_basic.so; preload libpreload.so */
#include "e2e.h"

const char *basic_greeting(void) { return "hello from libpreload"; }
