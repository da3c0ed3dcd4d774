/* SPDX-License-Identifier: MIT
 * gdb_main: a glibc program that only stops at main, for reading the
 * loader's records with gdb under ldr and under glibc's ld.so. */
int main(void) { return 0; }
