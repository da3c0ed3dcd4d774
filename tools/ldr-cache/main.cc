// SPDX-License-Identifier: MIT
// ldr-cache: the ldconfig of ldr. Builds /etc/ldr.so.cache from ldr's own
// configuration, /etc/ld.so.conf and the system directories (or only the
// command-line directories with -n), prints it (-p) and checks it (--check);
// with --bind, fills the system bind cache instead (bind.h). Never creates
// or changes symbolic links (ldconfig's other job).
#include <fcntl.h>
#include <getopt.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bind.h"
#include "cache_file.h"
#include "config.h"
#include "image.h"
#include "ldr_config.h"
#include "scan.h"

namespace {

using namespace ldr_cache;

constexpr const char* kUsageHint = "Try `ldr-cache --help' or `ldr-cache --usage' for more information.\n";

[[noreturn]] void usage_error(const std::string& what) {
  std::fprintf(stderr, "ldr-cache: %s\n%s", what.c_str(), kUsageHint);
  std::exit(64);  // argp's EX_USAGE, as ldconfig
}

void print_help() {
  std::printf(
      "Usage: ldr-cache [OPTION...] [DIR...]\n"
      "Build, print or check ldr's library cache.\n\n"
      "  -C CACHE                   Use CACHE as cache file (default %s)\n"
      "  -f CONF                    Use CONF as configuration file (default %s;\n"
      "                             ldr's own %s is read first)\n"
      "  -n                         Only process directories specified on the command\n"
      "                             line\n"
      "  -p, --print-cache          Print cache\n"
      "  -r ROOT                    Use ROOT as root directory\n"
      "  -v, --verbose              Generate verbose messages\n"
      "      --check                Exit 0 if the cache is fresh, 1 if stale (reasons\n"
      "                             on stdout), 2 on error\n"
      "      --bind PROGRAM...      Fill the system bind cache with these programs'\n"
      "                             symbol bindings (it then holds exactly these);\n"
      "                             without PROGRAM, those it holds, bound again;\n"
      "                             with --check, list the stale ones (exit 1)\n"
      "      --bind-dir DIR         Use DIR as the system bind cache (default %s)\n"
      "      --ldr PATH             Bind with the loader at PATH (default %s)\n"
      "  -?, --help                 Give this help list\n"
      "      --usage                Give a short usage message\n"
      "  -V, --version              Print program version\n",
      LDR_CACHE_PATH, "/etc/ld.so.conf", LDR_CONFIG_PATH, LDR_BIND_DIR, LDR_INSTALL_PATH);
}

std::string absolute(const std::string& p) {
  if (!p.empty() && p[0] == '/') return strip_trailing_slashes(p);
  char cwd[4096];
  if (getcwd(cwd, sizeof cwd) == nullptr) return p;
  std::string base = cwd;
  std::string rel = p;
  while (rel.compare(0, 2, "./") == 0) rel.erase(0, 2);
  return strip_trailing_slashes(rel.empty() || rel == "." ? base : base + "/" + rel);
}

// A program named without a slash is looked for in PATH, as a shell would.
std::string program_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return absolute(name);
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  for (size_t at = 0; at <= dirs.size();) {
    size_t end = dirs.find(':', at);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(at, end - at);  // an empty entry is the current directory
    std::string candidate = absolute(dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    at = end + 1;
  }
  return absolute(name);
}

struct Settings {
  bool only_cmdline = false, print = false, verbose = false, check = false, bind = false;
  std::string bind_dir = LDR_BIND_DIR, ldr = LDR_INSTALL_PATH;
  std::string cache = LDR_CACHE_PATH;
  std::string conf = "/etc/ld.so.conf";
  std::string root;
  std::vector<std::string> cmdline_dirs;
};

// The directories in search order, and the configuration read (for the hash).
std::vector<ScanDir> directory_list(const Settings& s, Config* config) {
  std::vector<ScanDir> dirs;
  for (const std::string& d : s.cmdline_dirs) dirs.push_back({absolute(d), LDR_CACHE_DIR_CMDLINE, "<cmdline>", 0});
  if (s.only_cmdline) return dirs;
  read_config(s.root, LDR_CONFIG_PATH, true, config);
  read_config(s.root, s.conf, s.conf == "/etc/ld.so.conf", config);
  for (const std::string& w : config->warnings) std::fprintf(stderr, "ldr-cache: %s\n", w.c_str());
  for (const ConfDir& c : config->dirs) {
    if (c.path[0] != '/')
      std::fprintf(stderr, "ldr-cache: relative path `%s' used to build cache\n", c.path.c_str());
    dirs.push_back({absolute(c.path), LDR_CACHE_DIR_CONF, c.file, c.line});
  }
  const char* p = LDR_SYSTEM_DIRS;
  while (*p != '\0') {
    const char* start = p;
    while (*p != '\0' && *p != ':') ++p;
    std::string d = strip_trailing_slashes(std::string(start, static_cast<size_t>(p - start)));
    if (!d.empty()) dirs.push_back({d, LDR_CACHE_DIR_TRUSTED, "<builtin>", 0});
    if (*p == ':') ++p;
  }
  return dirs;
}

uint64_t generation_time() {
  const char* e = std::getenv("SOURCE_DATE_EPOCH");
  if (e == nullptr || *e == '\0') return 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(e, &end, 10);
  return *end == '\0' ? static_cast<uint64_t>(v) * 1000000000u : 0;
}

int build(const Settings& s) {
  Config config;
  std::vector<ScanDir> dirs = directory_list(s, &config);
  ImageInput in;
  scan_dirs({s.root, s.verbose}, dirs, &in);
  in.config_hash = config_hash(config.files);
  in.generated_ns = generation_time();
  in.generator = std::string("ldr-cache ") + LDR_VERSION_STRING;
  std::string error;
  if (!write_atomically(s.root + s.cache, build_image(in), &error)) {
    std::fprintf(stderr, "ldr-cache: %s\n", error.c_str());
    return 1;
  }
  return 0;
}

int check(const Settings& s) {
  CacheFile cf;
  std::string error;
  if (!cf.load(s.root + s.cache, &error)) {
    std::fprintf(stderr, "ldr-cache: %s\n", error.c_str());
    return 2;
  }
  Config config;
  std::vector<std::string> reasons;
  std::vector<ScanDir> wanted = directory_list(s, &config);
  if (config_hash(config.files) != cf.view().header->config_hash) reasons.push_back("configuration changed");
  // The directories a rebuild would scan, against those recorded.
  ImageInput dirs_now;
  {
    ImageInput scratch;
    for (const ScanDir& d : wanted) {
      struct stat st;
      if (stat((s.root + d.path).c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
      bool seen = false;
      for (const DirRecord& r : dirs_now.dirs) seen |= r.dev == static_cast<uint64_t>(st.st_dev) && r.ino == st.st_ino;
      if (!seen) dirs_now.dirs.push_back({d.path, 0, "", 0, static_cast<uint64_t>(st.st_dev), st.st_ino,
                                          static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000u +
                                              static_cast<uint64_t>(st.st_mtim.tv_nsec)});
    }
  }
  const ldr::cache::View& v = cf.view();
  std::vector<std::string> recorded;
  for (uint32_t i = 0; i < v.header->dir_count; ++i) {
    const ldr_cache_dir& d = v.dirs[i];
    std::string path = v.string(d.path_offset);
    recorded.push_back(path);
    bool found = false;
    for (const DirRecord& r : dirs_now.dirs) {
      if (r.path != path) continue;
      found = true;
      if (r.dev != d.st_dev || r.ino != d.st_ino) reasons.push_back(path + " replaced");
      else if (r.mtime_ns != d.st_mtime_ns) reasons.push_back(path + " changed (mtime)");
    }
    if (!found) reasons.push_back(path + " no longer searched or vanished");
  }
  for (const DirRecord& r : dirs_now.dirs)
    if (std::find(recorded.begin(), recorded.end(), r.path) == recorded.end())
      reasons.push_back(r.path + " not in the cache");
  for (uint32_t i = 0; i < v.header->entry_count; ++i) {
    const ldr_cache_entry& e = v.entries[i];
    std::string why = entry_staleness(s.root, v.string(e.path_offset), e.st_ino, e.st_size, e.st_mtime_ns);
    if (!why.empty()) reasons.push_back(std::string(v.string(e.path_offset)) + " " + why);
  }
  std::sort(reasons.begin(), reasons.end());
  for (const std::string& r : reasons) std::printf("stale: %s\n", r.c_str());
  return reasons.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  enum { kCheck = 256, kUsage, kBind, kBindDir, kLdr };
  static const option longs[] = {
      {"print-cache", no_argument, nullptr, 'p'}, {"verbose", no_argument, nullptr, 'v'},
      {"help", no_argument, nullptr, '?'},        {"version", no_argument, nullptr, 'V'},
      {"check", no_argument, nullptr, kCheck},    {"usage", no_argument, nullptr, kUsage},
      {"bind", no_argument, nullptr, kBind},      {"bind-dir", required_argument, nullptr, kBindDir},
      {"ldr", required_argument, nullptr, kLdr},
      {nullptr, 0, nullptr, 0}};
  Settings s;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, ":C:f:npr:vV?", longs, nullptr)) != -1) {
    switch (c) {
      case 'C': s.cache = optarg; break;
      case 'f': s.conf = optarg; break;
      case 'n': s.only_cmdline = true; break;
      case 'p': s.print = true; break;
      case 'r': s.root = strip_trailing_slashes(absolute(optarg)); if (s.root == "/") s.root.clear(); break;
      case 'v': s.verbose = true; break;
      case 'V':
        std::printf("ldr-cache (ldr) %s\n", LDR_VERSION_STRING);
        return 0;
      case kCheck: s.check = true; break;
      case kBind: s.bind = true; break;
      case kBindDir: s.bind_dir = optarg; break;
      case kLdr: s.ldr = optarg; break;
      case kUsage:
        std::printf("Usage: ldr-cache [-nvpV?] [-C CACHE] [-f CONF] [-r ROOT] [--check]\n"
                    "            [--print-cache] [--verbose] [--help] [--usage] [--version] [DIR...]\n"
                    "       ldr-cache --bind [-v] [--check] [--bind-dir DIR] [--ldr PATH] [PROGRAM...]\n");
        return 0;
      case '?':
        if (optopt == 0 && std::strcmp(argv[optind - 1], "-?") != 0 &&
            std::strcmp(argv[optind - 1], "--help") != 0)
          usage_error(std::string("unrecognized option '") + argv[optind - 1] + "'");
        if (optopt != 0 && optopt != '?') usage_error(std::string("invalid option -- '") + static_cast<char>(optopt) + "'");
        print_help();
        return 0;
      case ':':
        if (optopt >= kCheck || optopt == 0)
          usage_error(std::string("option '") + argv[optind - 1] + "' requires an argument");
        usage_error(std::string("option requires an argument -- '") + static_cast<char>(optopt) + "'");
      default: usage_error("invalid option");
    }
  }
  if (s.bind) {
    if (s.print || s.only_cmdline || !s.root.empty()) usage_error("--bind cannot be combined with -p, -n or -r");
    if (s.check && optind < argc) usage_error("--bind --check takes no program: it checks the bound list");
    BindSettings b{s.bind_dir, s.ldr, s.verbose, {}};
    for (int i = optind; i < argc; ++i) b.programs.push_back(program_path(argv[i]));
    return s.check ? check_bound(b) : bind_programs(b);
  }
  for (int i = optind; i < argc; ++i) s.cmdline_dirs.push_back(argv[i]);
  if (s.print) return print_cache(s.root + s.cache, s.cache);
  if (s.check) return check(s);
  return build(s);
}
