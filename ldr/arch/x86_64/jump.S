/* SPDX-License-Identifier: MIT
 * ldr_setjmp/ldr_longjmp: a non-local exit for glibc's _dl_catch_exception
 * protocol. Saves the callee-saved registers, %rsp and the return address;
 * no signal mask (glibc's ld.so saves none either). */
	.text
	.globl ldr_setjmp
	.hidden ldr_setjmp
	.type ldr_setjmp, @function
ldr_setjmp:
	.cfi_startproc
	movq %rbx, 0(%rdi)
	movq %rbp, 8(%rdi)
	movq %r12, 16(%rdi)
	movq %r13, 24(%rdi)
	movq %r14, 32(%rdi)
	movq %r15, 40(%rdi)
	leaq 8(%rsp), %rdx          /* %rsp as it will be after our return */
	movq %rdx, 48(%rdi)
	movq (%rsp), %rdx           /* return address */
	movq %rdx, 56(%rdi)
	xorl %eax, %eax
	ret
	.cfi_endproc
	.size ldr_setjmp, .-ldr_setjmp

	.globl ldr_longjmp
	.hidden ldr_longjmp
	.type ldr_longjmp, @function
ldr_longjmp:
	.cfi_startproc
	movl %esi, %eax
	testl %eax, %eax
	jnz 1f
	incl %eax                   /* setjmp must see a non-zero value */
1:	movq 0(%rdi), %rbx
	movq 8(%rdi), %rbp
	movq 16(%rdi), %r12
	movq 24(%rdi), %r13
	movq 32(%rdi), %r14
	movq 40(%rdi), %r15
	movq 48(%rdi), %rsp
	jmpq *56(%rdi)
	.cfi_endproc
	.size ldr_longjmp, .-ldr_longjmp

	.section .note.GNU-stack,"",@progbits
