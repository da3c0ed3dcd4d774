// SPDX-License-Identifier: MIT
// Configuration reading for ldr-cache (glibc elf/ldconfig.c parse_conf and
// parse_conf_include). Include depth is bounded so a file including itself
// ends with a warning instead of recursing.
#include "config.h"

#include <glob.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ldr_cache {

namespace {

constexpr int kMaxDepth = 16;

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

std::string dir_of(const std::string& file) {
  size_t slash = file.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : file.substr(0, slash);
}

void read_file(const std::string& root, const std::string& file, bool optional, int depth,
               Config* out);

void include_pattern(const std::string& root, const std::string& from, const std::string& pattern,
                     int depth, Config* out) {
  std::string pat = pattern[0] == '/' ? pattern : dir_of(from) + "/" + pattern;
  glob_t g{};
  if (glob((root + pat).c_str(), 0, nullptr, &g) == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) {
      std::string p = g.gl_pathv[i];
      read_file(root, p.substr(root.size()), false, depth + 1, out);
    }
  }
  globfree(&g);
}

void read_file(const std::string& root, const std::string& file, bool optional, int depth,
               Config* out) {
  if (depth > kMaxDepth) {
    out->warnings.push_back(file + ": includes nested too deeply");
    return;
  }
  std::ifstream in(root + file, std::ios::binary);
  if (!in) {
    if (!(optional && errno == ENOENT))
      out->warnings.push_back("Warning: ignoring configuration file that cannot be opened: " + file +
                              ": " + std::strerror(errno));
    return;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string contents = ss.str();
  out->files.emplace_back(file, contents);
  std::istringstream lines(contents);
  std::string line;
  uint32_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    size_t hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    line = trim(line);
    if (line.empty()) continue;
    if (line.compare(0, 8, "include ") == 0 || line.compare(0, 8, "include\t") == 0) {
      std::istringstream words(line.substr(8));
      std::string w;
      while (words >> w) include_pattern(root, file, w, depth, out);
    } else if (line.compare(0, 6, "hwcap ") == 0 || line.compare(0, 6, "hwcap\t") == 0) {
      out->warnings.push_back(file + ":" + std::to_string(number) +
                              ": hwcap directive ignored");
    } else {
      out->dirs.push_back({strip_trailing_slashes(line), file, number});
    }
  }
}

}  // namespace

std::string strip_trailing_slashes(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

void read_config(const std::string& root, const std::string& file, bool optional, Config* out) {
  read_file(root, file, optional, 0, out);
}

}  // namespace ldr_cache
