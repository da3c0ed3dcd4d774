/* SPDX-License-Identifier: MIT
 * clock_probe: prints time(NULL), then lets a child process (sh -c date)
 * print its own clock. Built twice: plain, and with its interposition
 * manifest embedded as a note (-DWITH_MANIFEST_NOTE), so the note and the
 * command-line rules can be compared on the same code. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef WITH_MANIFEST_NOTE
#include <ldr/manifest.h>
LDR_MANIFEST("# the clock of this program, not of its children\n"
             "interpose time=$ORIGIN/libfakeclock.so:fake_time in clock_probe_note\n");
#endif

int main(void) {
  printf("%lld\n", (long long)time(NULL));
  fflush(stdout);
  return system("date +%s");
}
