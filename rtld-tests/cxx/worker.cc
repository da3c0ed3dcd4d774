// SPDX-License-Identifier: MIT
// cxx_app's threads: each has a thread_local object with a destructor, calls
// into both libraries and catches their exceptions.
#include "worker.h"

#include <atomic>
#include <stdexcept>

#include "shapes.h"

std::atomic<int> app_destroyed{0};

namespace {

struct PerThread {
  int id = -1;
  ~PerThread() { app_destroyed.fetch_add(1); }
};
thread_local PerThread per_thread;

}  // namespace

Result work(int id, int (*plugin_work)(int)) {
  Result r;
  per_thread.id = id;
  try {
    shapes_fail(id);
  } catch (const ShapeError& e) {
    r.caught_shapes = e.code == id;
  }
  try {
    r.plugin_value = plugin_work(id);
  } catch (const std::out_of_range& e) {
    r.caught_plugin = true;
  }
  r.touches = shapes_touch();
  return r;
}
