/* SPDX-License-Identifier: MIT
 * libgetpid_probe: opened by setfn_glibc after ldr_set_function; its
 * reference to getpid must bind to the replacement in force. */
#include <unistd.h>

int probe_getpid(void) { return (int)getpid(); }
