// SPDX-License-Identifier: MIT
// ldr relocating itself. Runs first, before any global is touched.
#pragma once

extern "C" void ldr_self_relocate();
