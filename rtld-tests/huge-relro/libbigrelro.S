/* SPDX-License-Identifier: MIT
 * A library whose RELRO is 4 MiB of pointers (so it holds at least one
 * 2 MiB-aligned 2 MiB range wherever it is loaded): big_table[i] points at
 * big_bytes[i % 4096]. Assembly, not C: half a million initializers. The
 * program asks for their addresses (a direct reference from a PIE would
 * copy the table into the executable). */
	.text
	.globl big_table_address
	.type big_table_address, @function
big_table_address:
	leaq big_table(%rip), %rax
	ret
	.size big_table_address, . - big_table_address
	.globl big_bytes_address
	.type big_bytes_address, @function
big_bytes_address:
	leaq big_bytes(%rip), %rax
	ret
	.size big_bytes_address, . - big_bytes_address

	.section .rodata
	.type big_bytes, @object
	.size big_bytes, 4096
big_bytes:
	.set b, 0
	.rept 4096
	.byte b & 0xff
	.set b, b + 1
	.endr

	.section .data.rel.ro, "aw"
	.balign 64
	.type big_table, @object
	.size big_table, 524288 * 8
big_table:
	.rept 128
	.set i, 0
	.rept 4096
	.quad big_bytes + i
	.set i, i + 1
	.endr
	.endr
	.section .note.GNU-stack, "", @progbits
