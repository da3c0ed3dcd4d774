// SPDX-License-Identifier: MIT
// libwidget: a library that allocates: 3 malloc calls and 2 operator new.
// The pointers escape to a volatile sink so no optimiser elides the calls.
#include <cstdlib>

#include "widget.h"

void* volatile widget_sink;

int make_widgets() {
  int total = 0;
  for (int i = 0; i < 3; ++i) {
    void* p = std::malloc(16 + i);
    widget_sink = p;
    total += p != nullptr;
    std::free(p);
  }
  auto* a = new int(4);
  widget_sink = a;
  auto* b = new long(5);
  widget_sink = b;
  total += *a + static_cast<int>(*b);
  delete a;
  delete b;
  return total;  // 3 + 4 + 5
}
