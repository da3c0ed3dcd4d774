/* SPDX-License-Identifier: MIT
 * A look-alike libprobe_dep.so offered through LD_LIBRARY_PATH: secure mode
 * must not load it. Built with an executable stack request. */
const char *dep_name(void) { return "fake"; }
