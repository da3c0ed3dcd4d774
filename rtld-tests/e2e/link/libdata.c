/* SPDX-License-Identifier: MIT
 * libdata: data objects an ET_EXEC program references directly, so the
 * program gets R_X86_64_COPY relocations.  main_copy -> libdata.so */
#include "e2e.h"

int lib_counter = 42;
char lib_message[16] = "lib message";

int *lib_counter_addr(void) { return &lib_counter; }
int lib_bump(void) { return ++lib_counter; }
const char *lib_message_seen_by_lib(void) { return lib_message; }
