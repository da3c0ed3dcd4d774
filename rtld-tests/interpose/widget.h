// SPDX-License-Identifier: MIT
// libwidget's one function: allocates a known number of times, returns 12.
#pragma once
int make_widgets();
