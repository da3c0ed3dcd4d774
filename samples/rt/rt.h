/* SPDX-License-Identifier: MIT
 * nolibc-rt: the project's tiny syscall runtime for libc-free programs and
 * libraries (samples and loader tests). Unbuffered output, no allocation.
 * Each object links its own hidden copy, so objects stay independent. */
#ifndef LDR_SAMPLES_RT_H
#define LDR_SAMPLES_RT_H

#ifdef __cplusplus
extern "C" {
#endif

#define RT_HIDDEN __attribute__((visibility("hidden")))

RT_HIDDEN long rt_syscall6(long n, long a, long b, long c, long d, long e, long f);
RT_HIDDEN long rt_write(int fd, const void *buf, unsigned long n);
RT_HIDDEN __attribute__((noreturn)) void rt_exit(int status);
RT_HIDDEN unsigned long rt_strlen(const char *s);
RT_HIDDEN int rt_strcmp(const char *a, const char *b);
RT_HIDDEN int rt_strncmp(const char *a, const char *b, unsigned long n);
/* Writes to stdout (fd 1) or stderr (rt_eprint). */
RT_HIDDEN void rt_print(const char *s);
RT_HIDDEN void rt_puts(const char *s); /* s and a newline */
RT_HIDDEN void rt_eprint(const char *s);
RT_HIDDEN void rt_print_dec(long v);
RT_HIDDEN void rt_print_hex(unsigned long v); /* 0x-prefixed */
/* getenv over the environment main received. */
RT_HIDDEN const char *rt_getenv(const char *name);
/* The auxiliary vector value for `type`, or 0. */
RT_HIDDEN unsigned long rt_getauxval(unsigned long type);

/* Set by the start code (executables only). */
extern RT_HIDDEN int rt_argc;
extern RT_HIDDEN char **rt_argv;
extern RT_HIDDEN char **rt_envp;
extern RT_HIDDEN unsigned long *rt_auxv;

#ifdef __cplusplus
}
#endif

#endif
