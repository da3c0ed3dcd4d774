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

	/* A variable in a dynamic TLS block (an object opened after start-up).
	 * 8(%rax) points to {module id, offset, generation}, whose first two
	 * words are a tls_index. Fast path: the thread's DTV is at least that
	 * generation and holds the block; else __tls_get_addr's slow path with
	 * every register it may clobber saved (general and x87/SSE state). */
	.globl _dl_tlsdesc_dynamic
	.hidden _dl_tlsdesc_dynamic
	.type _dl_tlsdesc_dynamic, @function
_dl_tlsdesc_dynamic:
	.cfi_startproc
	movq %rsi, -16(%rsp)
	movq %rdi, -8(%rsp)
	movq 8(%rax), %rsi
	movq %fs:8, %rdi
	movq 16(%rsi), %rax
	cmpq %rax, (%rdi)
	jb 1f
	movq (%rsi), %rax
	salq $4, %rax
	movq (%rdi,%rax), %rax
	cmpq $-1, %rax
	je 1f
	addq 8(%rsi), %rax
	subq %fs:0, %rax
	movq -16(%rsp), %rsi
	movq -8(%rsp), %rdi
	ret
1:
	movq %rsi, %rax
	movq -16(%rsp), %rsi
	movq -8(%rsp), %rdi
	pushq %rbp
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbp, 0
	movq %rsp, %rbp
	.cfi_def_cfa_register %rbp
	andq $-64, %rsp
	subq $576, %rsp
	movq %rdi, 0(%rsp)
	movq %rsi, 8(%rsp)
	movq %rdx, 16(%rsp)
	movq %rcx, 24(%rsp)
	movq %r8, 32(%rsp)
	movq %r9, 40(%rsp)
	movq %r10, 48(%rsp)
	movq %r11, 56(%rsp)
	fxsave64 64(%rsp)
	movq %rax, %rdi
	call ldr_tls_get_addr
	subq %fs:0, %rax
	fxrstor64 64(%rsp)
	movq 0(%rsp), %rdi
	movq 8(%rsp), %rsi
	movq 16(%rsp), %rdx
	movq 24(%rsp), %rcx
	movq 32(%rsp), %r8
	movq 40(%rsp), %r9
	movq 48(%rsp), %r10
	movq 56(%rsp), %r11
	movq %rbp, %rsp
	.cfi_def_cfa_register %rsp
	popq %rbp
	.cfi_adjust_cfa_offset -8
	.cfi_restore %rbp
	ret
	.cfi_endproc
	.size _dl_tlsdesc_dynamic, .-_dl_tlsdesc_dynamic

	.section .note.GNU-stack,"",@progbits
