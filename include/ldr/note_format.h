/* SPDX-License-Identifier: MIT */
/* The ldr ELF note format: owner, types, descriptor layouts and flags.
 * Shared by the loader, the tools and user code; C and C++, freestanding
 * (only <stdint.h>), data only. The format is specified in
 * docs/version-notes.md; the owner name and the values below never change. */
#ifndef LDR_NOTE_FORMAT_H
#define LDR_NOTE_FORMAT_H

#include <stdint.h>

/* Owner name of every ldr note, with its NUL: n_namesz == 4, so the name
 * needs no padding and the descriptor starts 16 bytes into the note. */
#define LDR_NOTE_OWNER "LDR"
#define LDR_NOTE_OWNER_SIZE 4u

/* ldr notes are 4-byte aligned (p_align / sh_addralign 4); readers also
 * accept them in 8-aligned note segments. */
#define LDR_NOTE_ALIGN 4u

/* Note types ('L' 'D' 'R' + a number, so readelf cannot mislabel them). */
#define NT_LDR_LIBVERSION 0x4c445201u /* this object's version and revision */
#define NT_LDR_REQUIRE 0x4c445202u    /* minimum version of one dependency */
#define NT_LDR_IDSTRING 0x4c445203u   /* "$VER: name V.R (d.m.y)" for humans */
#define NT_LDR_INTERPOSE 0x4c445204u  /* an interposition manifest (text) */

/* Sections the macros of <ldr/version.h> use. Readers never rely on them. */
#define LDR_NOTE_SECTION_LIBVERSION ".note.ldr.version"
#define LDR_NOTE_SECTION_REQUIRE ".note.ldr.require"
#define LDR_NOTE_SECTION_IDSTRING ".note.ldr.idstring"

/* NT_LDR_LIBVERSION descriptor: 12 bytes, little-endian. At most one value
 * per object (identical duplicates, one per translation unit, are allowed).
 * flags: none defined; writers set 0, readers ignore unknown bits. */
struct ldr_note_libversion {
  uint32_t version;
  uint32_t revision;
  uint32_t flags;
};
#define LDR_NOTE_LIBVERSION_MIN_SIZE 12u

/* NT_LDR_REQUIRE descriptor: this fixed head, then the dependency's soname
 * (non-empty, NUL-terminated; n_descsz counts the NUL, the note is zero-padded
 * to 4). Bytes after the soname's NUL are reserved for extensions. One note
 * per requirement; several for one soname merge to the maximum. */
struct ldr_note_require {
  uint32_t version;
  uint32_t revision; /* 0: any revision of that version */
  uint32_t flags;    /* LDR_REQUIRE_F_* */
};
#define LDR_NOTE_REQUIRE_SONAME_OFFSET 12u
#define LDR_NOTE_REQUIRE_MIN_SIZE 14u /* head + one character + NUL */

/* Unmet requirement only warns ("using it anyway"). Merged requirements are
 * weak only if every one of them is weak. */
#define LDR_REQUIRE_F_WEAK 0x1u

/* NT_LDR_IDSTRING descriptor: NUL-terminated UTF-8 text, conventionally
 * "$VER: libfoo.so.1 3.7 (26.11.2026) [comment]"; readers strip the prefix. */
#define LDR_IDSTRING_PREFIX "$VER: "
#define LDR_IDSTRING_PREFIX_LEN 6u

#endif /* LDR_NOTE_FORMAT_H */
