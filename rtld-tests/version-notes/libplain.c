/* SPDX-License-Identifier: MIT */
/* Fixture libplain.so.1: no LDR notes at all. */
int plain_answer(void) { return 0; }
