// SPDX-License-Identifier: MIT
// main_widgets: a C++ program that allocates itself (5 malloc, iostream,
// std::string) and through libwidget, for interposition limited to one object.
#include <cstdlib>
#include <iostream>
#include <string>

#include "widget.h"

int main() {
  for (int i = 0; i < 5; ++i) {
    void* volatile p = std::malloc(32);
    std::free(p);
  }
  std::string s(100, 'x');
  int w = make_widgets();
  std::cout << "widgets " << w << " string " << s.size() << std::endl;
  return 0;
}
