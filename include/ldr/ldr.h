/* SPDX-License-Identifier: MIT */
/* <ldr/ldr.h>: the run-time API ldr exports to programs under its own
 * version node LDR_1 (AmigaOS OpenLibrary style): open a library only if a
 * version at least VERSION can be had, read its version, close it. C and
 * C++, glibc programs and libc-free ones. The functions are declared weak:
 * a program linked against ldr (see docs/design.md, "The ldr_* API") still
 * starts under another loader, where they are null; LDR_API_AVAILABLE() says
 * which. Nothing here may need a libc. */
#ifndef LDR_LDR_H
#define LDR_LDR_H

#ifdef __cplusplus
extern "C" {
#endif

/* An open library. In a glibc program the same pointer is the dlopen()
 * handle of the object, usable with dlsym() and dlinfo(). */
typedef struct ldr_library ldr_library;

#ifndef LDR_PRIV_API /* ldr defines it when it includes this header */
#if defined(__GNUC__) || defined(__clang__)
#define LDR_PRIV_API __attribute__((__weak__))
#else
#define LDR_PRIV_API
#endif
#endif

/* Opens NAME (a soname or path, searched as dlopen searches, on behalf of
 * the caller) when the library found or already loaded has a version note
 * of at least VERSION (any revision); 0 accepts any library. The object
 * already loaded is authoritative: an older one is not replaced. Raises the
 * open count; NULL on failure, with the reason in ldr_error() (and, in a
 * glibc program, in dlerror()). */
LDR_PRIV_API ldr_library* ldr_open_library(const char* name, unsigned version);

/* Lowers the open count; at zero the library and the dependencies nothing
 * else needs are finalized and unmapped (as dlclose). 0, or -1 for a
 * library that is not open. */
LDR_PRIV_API int ldr_close_library(ldr_library* library);

/* The version and revision of the library's NT_LDR_LIBVERSION note (either
 * pointer may be NULL). 0, or -1 when it has none or is not open. */
LDR_PRIV_API int ldr_library_version(ldr_library* library, unsigned* version,
                                     unsigned* revision);

/* The address of symbol NAME in the library or its dependencies (as dlsym
 * with the handle), or NULL. For programs without dlsym. */
LDR_PRIV_API void* ldr_library_symbol(ldr_library* library, const char* name);

/* The reason the calling thread's last failed ldr_* call failed, in
 * dlerror()'s shape ("OBJECT: MESSAGE"), then cleared: NULL if none. */
LDR_PRIV_API const char* ldr_error(void);

/* Amiga's SetFunction (docs/interposition.md): binds every reference to
 * the function NAME — the GOT and PLT slots of every loaded object, and the
 * references of objects loaded later — to REPLACEMENT. Returns the previous
 * target (call it to reach the original; pass it back to restore), or NULL
 * when NAME had no definition or an argument is NULL. Thread-safe against
 * concurrent dlopen. */
LDR_PRIV_API void* ldr_set_function(const char* name, void* replacement);

/* What NAME binds to without any interposition (--interpose rules,
 * ldr_set_function): the first definition in the global scope that no rule's
 * library provides, IFUNCs resolved. NULL when there is none. */
LDR_PRIV_API void* ldr_original_function(const char* name);

/* Nonzero when the program runs under ldr (the weak references resolved). */
#define LDR_API_AVAILABLE() (ldr_open_library != 0)

#ifdef __cplusplus
}
#endif

#endif /* LDR_LDR_H */
