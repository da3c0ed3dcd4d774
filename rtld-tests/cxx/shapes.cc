// SPDX-License-Identifier: MIT
// libshapes' side: see shapes.h.
#include "shapes.h"

#include <atomic>

int shapes_ready = 0;

namespace {

std::atomic<int> destroyed{0};

struct Initialiser {
  Initialiser() { shapes_ready = 42; }
} initialiser;

struct PerThread {
  int touches = 0;
  ~PerThread() { destroyed.fetch_add(1); }
};
thread_local PerThread per_thread;

}  // namespace

int shapes_touch() { return ++per_thread.touches; }

int shapes_destroyed() { return destroyed.load(); }

void shapes_fail(int code) { throw ShapeError("shape " + std::to_string(code), code); }
