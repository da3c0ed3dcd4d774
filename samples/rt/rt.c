/* SPDX-License-Identifier: MIT
 * nolibc-rt: raw system calls and a few string and output helpers. */
#include "rt.h"

int rt_argc;
char **rt_argv;
char **rt_envp;
unsigned long *rt_auxv;

long rt_syscall6(long n, long a, long b, long c, long d, long e, long f) {
  long r;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ volatile("syscall"
                   : "=a"(r)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return r;
}

long rt_write(int fd, const void *buf, unsigned long n) {
  const char *p = buf;
  while (n > 0) {
    long r = rt_syscall6(1, fd, (long)p, (long)n, 0, 0, 0);
    if (r == -4) continue;
    if (r <= 0) return r;
    p += r;
    n -= (unsigned long)r;
  }
  return 0;
}

void rt_exit(int status) {
  for (;;) rt_syscall6(231, status, 0, 0, 0, 0, 0);
}

unsigned long rt_strlen(const char *s) {
  unsigned long n = 0;
  while (s[n]) n++;
  return n;
}

int rt_strcmp(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return (unsigned char)*a - (unsigned char)*b;
}

int rt_strncmp(const char *a, const char *b, unsigned long n) {
  for (; n > 0; n--, a++, b++) {
    if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
    if (!*a) return 0;
  }
  return 0;
}

void rt_print(const char *s) { rt_write(1, s, rt_strlen(s)); }
void rt_eprint(const char *s) { rt_write(2, s, rt_strlen(s)); }

void rt_puts(const char *s) {
  rt_print(s);
  rt_write(1, "\n", 1);
}

void rt_print_dec(long v) {
  char buf[24];
  int i = 23;
  unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
  buf[i] = 0;
  do {
    buf[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) buf[--i] = '-';
  rt_print(buf + i);
}

void rt_print_hex(unsigned long v) {
  char buf[20];
  int i = 19;
  buf[i] = 0;
  do {
    buf[--i] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  buf[--i] = 'x';
  buf[--i] = '0';
  rt_print(buf + i);
}

const char *rt_getenv(const char *name) {
  unsigned long n = rt_strlen(name);
  for (char **e = rt_envp; e && *e; e++)
    if (rt_strncmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
  return 0;
}

unsigned long rt_getauxval(unsigned long type) {
  for (unsigned long *a = rt_auxv; a && a[0]; a += 2)
    if (a[0] == type) return a[1];
  return 0;
}

/* The compiler may emit calls to these even in freestanding code. */
RT_HIDDEN void *memset(void *d, int c, unsigned long n) {
  unsigned char *p = d;
  while (n--) *p++ = (unsigned char)c;
  return d;
}
RT_HIDDEN void *memcpy(void *d, const void *s, unsigned long n) {
  unsigned char *p = d;
  const unsigned char *q = s;
  while (n--) *p++ = *q++;
  return d;
}
