// SPDX-License-Identifier: MIT
// A library for serinfo to ask about; only its RPATH or RUNPATH matters.
int serinfo_fixture(void) { return 1; }
