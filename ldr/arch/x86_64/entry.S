/* SPDX-License-Identifier: MIT
 * _start: the kernel enters here with %rsp at argc (PT_INTERP or direct run).
 * Relocate ldr, run the start-up phases, then enter the program with the
 * stack ldr_main returns and %rdx = the finalizer routine (psABI). */
	.text
	.globl _start
	.hidden _start
	.type _start, @function
_start:
	.cfi_startproc
	.cfi_undefined %rip
	xorl %ebp, %ebp
	movq %rsp, %r12            /* callee-saved: the initial stack */
	andq $-16, %rsp
	call ldr_self_relocate
	movq %r12, %rdi
	call ldr_main              /* returns entry in %rax, stack in %rdx */
	movq %rdx, %rsp
	leaq ldr_run_finalizers(%rip), %rdx
	xorl %ebp, %ebp
	xorl %ecx, %ecx
	xorl %esi, %esi
	xorl %edi, %edi
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	xorl %r12d, %r12d
	jmp *%rax
	.cfi_endproc
	.size _start, .-_start

	.section .note.GNU-stack,"",@progbits
