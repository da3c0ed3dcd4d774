/* SPDX-License-Identifier: MIT
 * libinterpose: who() is default visibility (the program's definition
 * interposes it, even for the library's own calls); pwho() is protected
 * (the library's own calls stay in the library).  main_interpose -> libinterpose.so */
#include "e2e.h"

const char *who(void) { return "library who"; }
__attribute__((visibility("protected"))) const char *pwho(void) { return "library pwho"; }

const char *lib_calls_who(void) { return who(); }
const char *lib_calls_pwho(void) { return pwho(); }
