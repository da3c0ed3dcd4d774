// SPDX-License-Identifier: MIT
// preload_file_to_list against glibc 2.36's reading of /etc/ld.so.preload:
// separators, comments to the end of the line, and the quirk of its comment
// scan (a window from the top of the file that shrinks by each comment's
// offset, so a later comment can be missed).
#include <criterion/criterion.h>

#include <string>

#include "module/preload_file.h"

namespace {

std::string listed(std::string text) {
  ldr::preload_file_to_list(text.data(), text.size());
  return text;
}

}  // namespace

Test(preload_file, separators_become_spaces) {
  cr_assert_eq(listed("a.so\tb.so\nc.so:d.so e.so"), "a.so b.so c.so:d.so e.so");
}

Test(preload_file, comments_run_to_the_end_of_their_line) {
  cr_assert_eq(listed("# x\na.so # y\nb.so"), "    a.so     b.so");
  cr_assert_eq(listed("a.so#b.so\nc.so"), "a.so      c.so");
  cr_assert_eq(listed("#"), " ");
  cr_assert_eq(listed(""), "");
}

Test(preload_file, glibc_misses_a_comment_past_its_window) {
  // The window starts as the file's 18 bytes; "# x" (at 0, three bytes
  // blanked) leaves 15, "# y" (at 9) leaves 15 - 9 - 3 = 3: the comment at
  // 13 is outside it.
  cr_assert_eq(listed("# x\na.so # y\n#b.so"), "    a.so     #b.so");
}
