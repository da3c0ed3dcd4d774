/* SPDX-License-Identifier: MIT
 * libgreetfn (greet) and libgreetuser (greet_through_user, which calls greet
 * through its own GOT) for setfn_nolibc. */
#ifdef GREET_USER
const char* greet(void);
const char* greet_through_user(void) { return greet(); }
#else
const char* greet(void) { return "hello"; }
#endif
