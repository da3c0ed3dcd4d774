/* SPDX-License-Identifier: MIT
 * One source for the unload fixtures: NAME says who it is in constructor
 * and destructor lines; NEEDS_* pull in the symbols of its DT_NEEDED. */
#include <stdio.h>

#define STR2(x) #x
#define STR(x) STR2(x)

__attribute__((constructor)) static void unl_init(void) { printf("init " STR(NAME) "\n"); }
__attribute__((destructor)) static void unl_fini(void) { printf("fini " STR(NAME) "\n"); }

#ifdef NEEDS_DEP
int dep_value(void);
#define BASE dep_value()
#else
#define BASE 0
#endif

#ifdef IS_DEP
int dep_value(void) { return 40; }
#endif

#ifdef NEEDS_MAIN_OTHER
int main_value(void);
int other_value(void);
int root_value(void) { return main_value() + other_value(); }
#endif

#ifdef FUNC
int FUNC(void) { return BASE + 1; }
#endif

#ifdef GLOBAL_DEF
int unl_global_value(void) { return 7; }
#endif

#ifdef GLOBAL_REF
/* Not a DT_NEEDED: bound through the global scope at dlopen time. */
int unl_global_value(void);
int ref_value(void) { return unl_global_value() * 2; }
#endif

#ifdef VERSIONED
#include <ldr/version.h>
LDR_LIBRARY_VERSION(2, 3);
int ver_value(void) { return 23; }
#endif

#ifdef TLS_DTOR
/* What a thread_local destructor registers, without TLS of our own. */
extern int __cxa_thread_atexit_impl(void (*)(void*), void*, void*);
extern void* __dso_handle;
static void on_thread_exit(void* arg) { printf("thread dtor %s\n", (const char*)arg); }
void register_thread_dtor(void) { __cxa_thread_atexit_impl(on_thread_exit, (void*)"ran", &__dso_handle); }
#endif
