// SPDX-License-Identifier: MIT
// bind_rewrite FILE MODULE SYMBOL NEW_DEFINER_SYMBOL: changes the answer a
// bind cache file (ldr/bind/format.h) holds for symbol index SYMBOL of the
// closure's member MODULE to another symbol index of the same definer, and
// recomputes the checksum, so that the file stays valid. For tests only.
#include <xxhash.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "bind/format.h"

using namespace ldr::bind;

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  FILE* f = std::fopen(argv[1], "r+b");
  if (f == nullptr) return 1;
  std::vector<unsigned char> buf(64 << 20);
  size_t size = std::fread(buf.data(), 1, buf.size(), f);
  auto module = static_cast<uint32_t>(std::strtoul(argv[2], nullptr, 0));
  auto symbol = static_cast<uint32_t>(std::strtoul(argv[3], nullptr, 0));
  auto target = static_cast<uint32_t>(std::strtoul(argv[4], nullptr, 0));
  FileHeader h;
  if (size < sizeof h) return 1;
  std::memcpy(&h, buf.data(), sizeof h);
  if (module >= h.module_count || sizeof h + (module + 1ull) * sizeof(FileModule) > size) return 1;
  FileModule m;
  std::memcpy(&m, buf.data() + sizeof h + module * sizeof(FileModule), sizeof m);
  if (symbol >= m.entry_count || m.entries_offset + 8ull * m.entry_count > size) return 1;
  uint64_t entry;
  std::memcpy(&entry, buf.data() + m.entries_offset + 8ull * symbol, 8);
  if ((entry & kPresent) == 0) return 3;  // no answer recorded for it
  entry = (entry & ~uint64_t{0xffffffff}) | target;
  std::memcpy(buf.data() + m.entries_offset + 8ull * symbol, &entry, 8);
  h.checksum = XXH3_64bits(buf.data() + sizeof h, size - sizeof h);
  std::memcpy(buf.data(), &h, sizeof h);
  std::rewind(f);
  std::fwrite(buf.data(), 1, size, f);
  return std::fclose(f) == 0 ? 0 : 1;
}
