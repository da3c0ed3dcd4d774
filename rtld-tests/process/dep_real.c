/* SPDX-License-Identifier: MIT
 * libprobe_dep.so as installed beside the probe (found through RUNPATH). */
const char *dep_name(void) { return "real"; }
