// SPDX-License-Identifier: MIT
// libplugin: opened and closed at run time by cxx_app. Its constructor and
// destructor report; a thread_local object with a destructor counts into
// the program; it catches libshapes' exceptions and throws its own through
// the program's frames.
#include <atomic>
#include <cstdio>
#include <stdexcept>

#include "shapes.h"

namespace {

struct Announce {
  Announce() { std::printf("plugin: initialised (shapes_ready=%d)\n", shapes_ready); }
  ~Announce() { std::printf("plugin: finalised\n"); }
} announce;

std::atomic<int>* g_destroyed = nullptr;

struct PerThread {
  int calls = 0;
  ~PerThread() {
    if (g_destroyed != nullptr) g_destroyed->fetch_add(1);
  }
};
thread_local PerThread per_thread;

}  // namespace

extern "C" void plugin_count_destructions(std::atomic<int>* counter) { g_destroyed = counter; }

// Catches a libshapes exception, then throws one of its own for the caller.
extern "C" int plugin_work(int n) {
  ++per_thread.calls;
  try {
    shapes_fail(n);
  } catch (const ShapeError& e) {
    if (e.code != n) return -1;
  }
  if (n % 2 == 1) throw std::out_of_range("plugin odd " + std::to_string(n));
  return per_thread.calls + shapes_touch();
}
