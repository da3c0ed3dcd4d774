/* SPDX-License-Identifier: MIT */
/* <ldr/version.h>: declare an object's version, id string and the minimum
 * versions it needs of its dependencies, as allocated "LDR" ELF notes the
 * loader reads from PT_NOTE. C (C99+) and C++ (C++98+), GCC and Clang,
 * freestanding; use the macros at file scope. Format: docs/version-notes.md. */
#ifndef LDR_VERSION_H
#define LDR_VERSION_H

#include <ldr/note_format.h>

#define LDR_PRIV_CAT2(a, b) a##b
#define LDR_PRIV_CAT(a, b) LDR_PRIV_CAT2(a, b)
#if defined(__COUNTER__)
#define LDR_PRIV_UNIQUE(prefix) LDR_PRIV_CAT(prefix, __COUNTER__)
#else
#define LDR_PRIV_UNIQUE(prefix) LDR_PRIV_CAT(prefix, __LINE__)
#endif

/* One note object: internal linkage, kept by `used` (and by the linkers'
 * rule that SHT_NOTE sections are never garbage-collected), 4-aligned so its
 * size is a multiple of 4 and notes from several objects concatenate. */
#define LDR_PRIV_NOTE_ATTRS(sec_) \
  __attribute__((__used__, __section__(sec_), __aligned__(4)))

/* This object is version VERSION, revision REVISION (unsigned integers,
 * compared as a pair: 1.36 > 1.4). Once per object:
 *   LDR_LIBRARY_VERSION(3, 7);                                             */
#define LDR_LIBRARY_VERSION(version, revision)                               \
  LDR_PRIV_LIBVERSION(LDR_PRIV_UNIQUE(ldr_note_libversion_), version, revision)
#define LDR_PRIV_LIBVERSION(var_, v_, r_)                                    \
  static const struct {                                                      \
    uint32_t ldr_namesz, ldr_descsz, ldr_type;                               \
    char ldr_name[LDR_NOTE_OWNER_SIZE];                                      \
    uint32_t ldr_version, ldr_revision, ldr_flags;                           \
  } var_ LDR_PRIV_NOTE_ATTRS(LDR_NOTE_SECTION_LIBVERSION) = {                \
      LDR_NOTE_OWNER_SIZE, LDR_NOTE_LIBVERSION_MIN_SIZE, NT_LDR_LIBVERSION,  \
      LDR_NOTE_OWNER, (v_), (r_), 0u}

/* Human-readable identification, stored as "$VER: " + TEXT (a string
 * literal), findable with `strings | grep '$VER:'`:
 *   LDR_LIBRARY_IDSTRING("libfoo.so.1 3.7 (26.11.2026)");                  */
#define LDR_LIBRARY_IDSTRING(text)                                           \
  LDR_PRIV_IDSTRING(LDR_PRIV_UNIQUE(ldr_note_idstring_), LDR_IDSTRING_PREFIX text)
#define LDR_PRIV_IDSTRING(var_, s_)                                          \
  static const struct {                                                      \
    uint32_t ldr_namesz, ldr_descsz, ldr_type;                               \
    char ldr_name[LDR_NOTE_OWNER_SIZE];                                      \
    char ldr_text[sizeof(s_)];                                               \
  } var_ LDR_PRIV_NOTE_ATTRS(LDR_NOTE_SECTION_IDSTRING) = {                  \
      LDR_NOTE_OWNER_SIZE, sizeof(s_), NT_LDR_IDSTRING, LDR_NOTE_OWNER, s_}

/* This object needs at least VERSION.REVISION of dependency SONAME (a
 * string literal, matched against DT_NEEDED / dlopen names). REVISION 0
 * accepts any revision of VERSION. May appear any number of times, in any
 * translation unit; several for one soname merge to the maximum:
 *   LDR_REQUIRE("libfoo.so.1", 3, 5);                                      */
#define LDR_REQUIRE(soname, version, revision)                               \
  LDR_REQUIRE_FLAGS(soname, version, revision, 0u)
/* The same with LDR_REQUIRE_F_* flags, e.g. LDR_REQUIRE_F_WEAK. */
#define LDR_REQUIRE_FLAGS(soname, version, revision, flags)                  \
  LDR_PRIV_REQUIRE(LDR_PRIV_UNIQUE(ldr_note_require_), soname, version, revision, flags)
#define LDR_PRIV_REQUIRE(var_, s_, v_, r_, f_)                               \
  static const struct {                                                      \
    uint32_t ldr_namesz, ldr_descsz, ldr_type;                               \
    char ldr_name[LDR_NOTE_OWNER_SIZE];                                      \
    uint32_t ldr_version, ldr_revision, ldr_flags;                           \
    char ldr_soname[sizeof(s_)];                                             \
  } var_ LDR_PRIV_NOTE_ATTRS(LDR_NOTE_SECTION_REQUIRE) = {                   \
      LDR_NOTE_OWNER_SIZE, LDR_NOTE_REQUIRE_SONAME_OFFSET + sizeof(s_),      \
      NT_LDR_REQUIRE, LDR_NOTE_OWNER, (v_), (r_), (f_), s_}

#endif /* LDR_VERSION_H */
