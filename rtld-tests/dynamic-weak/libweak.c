// SPDX-License-Identifier: MIT
// Two libraries from one source: FIRST defines `which` weakly, the second
// globally; both define `only_weak` weakly (check_dynamic_weak.py).
#ifdef FIRST
__attribute__((weak)) const char* which(void) { return "first (weak)"; }
__attribute__((weak)) const char* only_weak(void) { return "first only_weak"; }
#else
const char* which(void) { return "second (global)"; }
__attribute__((weak)) const char* only_weak(void) { return "second only_weak"; }
int second_is_needed(void) { return 1; }  // keeps this library a DT_NEEDED of the program
#endif
