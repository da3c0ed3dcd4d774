// SPDX-License-Identifier: MIT
// ldr-cache --bind: fills the system bind cache (docs/design.md, "The bind
// cache") with the closures of the programs named. Each program is loaded
// and relocated by ldr in ldd -r's mode (no initializer and no IFUNC
// resolver runs), which writes its lookups' answers; the directory is then
// replaced whole, so it holds exactly these programs' files, and their list.
// Does not touch the library cache.
#pragma once

#include <string>
#include <vector>

namespace ldr_cache {

struct BindSettings {
  std::string dir;  // the system bind cache (LDR_BIND_DIR unless --bind-dir)
  std::string ldr;  // the loader that binds (LDR_INSTALL_PATH unless --ldr)
  bool verbose = false;
  std::vector<std::string> programs;
};

// Returns 0 when every program was bound, 1 when some could not be (the
// others' files are installed all the same), 2 when the directory could not
// be replaced. Reasons go to stderr, one line a program. No programs: those
// the directory was filled for last time (its `programs` list), bound again.
int bind_programs(const BindSettings& s);

// --bind --check: whether every program of the list still starts warm (an
// upgrade of it or of a library it loads makes its file stale). Prints
// "stale: PROGRAM" for each that does not; 0 all fresh, 1 some stale, 2 no
// list.
int check_bound(const BindSettings& s);

}  // namespace ldr_cache
