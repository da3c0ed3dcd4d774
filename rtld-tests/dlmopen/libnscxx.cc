// SPDX-License-Identifier: MIT
// libnscxx: the C++ runtime inside a link-map namespace of its own (with its
// own libstdc++ and libc): a string, an exception thrown and caught (the
// unwinder finds the namespace's objects), a thread and thread_local, iostream.
#include <errno.h>

#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>

extern "C" int cxx_run(int v) {
  thread_local int tl = 5;
  std::string s = "cxx" + std::to_string(v);
  int caught = 0;
  try {
    throw std::runtime_error(s);
  } catch (const std::exception& e) {
    caught = std::string(e.what()) == s;
  }
  int t = 0;
  std::thread th([&] {
    errno = 3;
    t = tl + errno;
  });
  th.join();
  std::cout << "cxx " << s << " caught " << caught << " thread " << t << std::endl;
  return caught;
}
