/* SPDX-License-Identifier: MIT
 * TLSDESC resolvers (psABI TLS descriptors): called with %rax = descriptor,
 * return in %rax the offset of the variable from the thread pointer, and
 * preserve every other register. */
	.text
	.globl _dl_tlsdesc_return
	.hidden _dl_tlsdesc_return
	.type _dl_tlsdesc_return, @function
_dl_tlsdesc_return:
	.cfi_startproc
	movq 8(%rax), %rax
	ret
	.cfi_endproc
	.size _dl_tlsdesc_return, .-_dl_tlsdesc_return

	/* An undefined weak TLS variable: its address must come out as 0. */
	.globl _dl_tlsdesc_undefweak
	.hidden _dl_tlsdesc_undefweak
	.type _dl_tlsdesc_undefweak, @function
_dl_tlsdesc_undefweak:
	.cfi_startproc
	movq 8(%rax), %rax
	subq %fs:0, %rax
	ret
	.cfi_endproc
	.size _dl_tlsdesc_undefweak, .-_dl_tlsdesc_undefweak

	.section .note.GNU-stack,"",@progbits
