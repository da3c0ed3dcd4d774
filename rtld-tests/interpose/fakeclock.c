/* SPDX-License-Identifier: MIT
 * libfakeclock: a fake clock for interposition tests. Every clock reads
 * 1000000000 (2001-09-09 01:46:40 UTC); fake_time is the same under another
 * name, for REPLACEMENT rules. */
#include <sys/time.h>
#include <time.h>

#define FAKE_NOW 1000000000

int clock_gettime(clockid_t id, struct timespec* ts) {
  (void)id;
  ts->tv_sec = FAKE_NOW;
  ts->tv_nsec = 0;
  return 0;
}

time_t time(time_t* t) {
  if (t != NULL) *t = FAKE_NOW;
  return FAKE_NOW;
}

/* Not `return time(t)`: the interposer's own references bind to the
 * original definitions (that is how a replacement reaches them). */
time_t fake_time(time_t* t) {
  if (t != NULL) *t = FAKE_NOW;
  return FAKE_NOW;
}

int gettimeofday(struct timeval* tv, void* tz) {
  (void)tz;
  tv->tv_sec = FAKE_NOW;
  tv->tv_usec = 0;
  return 0;
}
