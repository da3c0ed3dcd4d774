/* SPDX-License-Identifier: MIT
 * libifunc: an exported IFUNC (lib_pick, JUMP_SLOT/GLOB_DAT against an
 * STT_GNU_IFUNC symbol) and a local one (IRELATIVE); it also calls the
 * program's exported IFUNC.  main_ifunc -> libifunc.so */
#include "e2e.h"

static int pick_generic(void) { return 1; }
static int pick_fast(void) { return 2; }
static int (*resolve_pick(void))(void) { return pick_fast; }
int lib_pick(void) __attribute__((ifunc("resolve_pick")));

static const char *local_generic(void) { return "local generic"; }
static const char *local_tuned(void) { return "local tuned"; }
static const char *(*resolve_local(void))(void) { return local_tuned; }
static const char *local_pick(void) __attribute__((ifunc("resolve_local")));

/* Defined by the program: linked with -z undefs, called through the PLT. */
int exe_exported_pick(void);

int lib_calls_pick(void) { return lib_pick(); }
int lib_calls_exe_pick(void) { return exe_exported_pick(); }
const char *lib_calls_local(void) { return local_pick(); }
int lib_unused_generic(void) { return pick_generic() + (local_generic() != 0); }
