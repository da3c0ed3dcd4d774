// SPDX-License-Identifier: MIT
// From a validated file to memory: reserve the whole span, map each PT_LOAD
// with its protections, zero the partial bss page and map the rest
// anonymously. Also describes objects the kernel mapped (executable, vDSO, ldr).
#pragma once

#include <cstdint>

#include "diag/diag.h"
#include "map/open.h"
#include "module/module.h"

namespace ldr {

struct Runtime;

// The mmap protection of a segment's p_flags.
int segment_protection(uint32_t p_flags);

// Maps f into memory and fills m's mapping fields. On failure nothing stays mapped.
[[nodiscard]] bool map_object(Runtime& rt, Diag& diag, const OpenedFile& f, Module* m);

// Fills m's image, segment facts (dynamic, TLS, RELRO, stack) from program
// headers already in memory at bias.
void describe_segments(Module* m, uintptr_t bias, const elf::Elf64_Phdr* phdr, uint16_t phnum,
                       uint64_t page_size);

// Makes the initial thread's stack executable, for an object whose
// PT_GNU_STACK (or its absence) asks for it (glibc _dl_make_stack_executable).
[[nodiscard]] bool make_stack_executable(uintptr_t stack_address, uint64_t page_size);

// Unmaps what map_object mapped.
void unmap_object(Module* m);

// Applies PT_GNU_RELRO: read-only from now on.
void protect_relro(const Module& m, uint64_t page_size);

// Makes every non-writable PT_LOAD writable (writable=true) for text
// relocations, or restores the segments' own protections (writable=false).
[[nodiscard]] bool set_text_writable(const Module& m, bool writable, uint64_t page_size);

}  // namespace ldr
