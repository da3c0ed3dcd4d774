// SPDX-License-Identifier: MIT
// libshapes: linked into cxx_app. Static initialisation that the program
// depends on, a thread_local object with a destructor, and exceptions that
// cross into the program and into the dlopened plugin.
#pragma once

#include <stdexcept>
#include <string>

struct ShapeError : std::runtime_error {
  explicit ShapeError(const std::string& what, int code) : std::runtime_error(what), code(code) {}
  int code;
};

// Set by libshapes' static initialiser; the program's own initialiser reads it.
extern int shapes_ready;

// Bumps this thread's shape counter (a thread_local object of libshapes).
int shapes_touch();

// How many libshapes thread_local objects were destroyed so far.
int shapes_destroyed();

// Throws ShapeError(code) from inside libshapes.
[[noreturn]] void shapes_fail(int code);
