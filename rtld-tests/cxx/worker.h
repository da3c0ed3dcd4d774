// SPDX-License-Identifier: MIT
// One cxx_app thread's work and what it observed.
#pragma once

#include <atomic>

struct Result {
  bool caught_shapes = false;
  bool caught_plugin = false;
  int plugin_value = 0;
  int touches = 0;
};

extern std::atomic<int> app_destroyed;

Result work(int id, int (*plugin_work)(int));
