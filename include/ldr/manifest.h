/* SPDX-License-Identifier: MIT */
/* <ldr/manifest.h>: a program carries its own interposition manifest (the
 * text of an ldr --manifest file: "preload LIB", "interpose SYMBOL=LIB[:REPL]
 * [in OBJECT] [optional]", '#' comments) in an allocated "LDR" note of type
 * NT_LDR_INTERPOSE, which ldr reads from PT_NOTE before loading anything, so
 * a test binary brings its mocks with it. $ORIGIN is the executable's
 * directory. Use at file scope, in the executable only; C and C++:
 *   LDR_MANIFEST("interpose time=$ORIGIN/libfakeclock.so\n");
 * Format: docs/interposition.md. */
#ifndef LDR_MANIFEST_H
#define LDR_MANIFEST_H

#include <ldr/version.h>

#define LDR_NOTE_SECTION_MANIFEST ".note.ldr.manifest"

#define LDR_MANIFEST(text) LDR_PRIV_MANIFEST(LDR_PRIV_UNIQUE(ldr_note_manifest_), text)
#define LDR_PRIV_MANIFEST(var_, s_)                                          \
  static const struct {                                                      \
    uint32_t ldr_namesz, ldr_descsz, ldr_type;                               \
    char ldr_name[LDR_NOTE_OWNER_SIZE];                                      \
    char ldr_text[sizeof(s_)];                                               \
  } var_ LDR_PRIV_NOTE_ATTRS(LDR_NOTE_SECTION_MANIFEST) = {                  \
      LDR_NOTE_OWNER_SIZE, sizeof(s_), NT_LDR_INTERPOSE, LDR_NOTE_OWNER, s_}

#endif /* LDR_MANIFEST_H */
