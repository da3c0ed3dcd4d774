// SPDX-License-Identifier: MIT
// ldr-cache --bind (bind.h): runs ldr on each program in ldd -r's mode with
// a fresh directory as its bind cache, reads what ldr traced (LDR_DEBUG=libs:
// "bind cache=FILE: written"), then puts the directory, with the list of its
// programs, in place of the system bind cache in one rename; --check asks ldr
// the same way whether each listed program still starts warm. Never writes
// into the live directory.
#include "bind.h"

#include <dirent.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "config.h"

namespace ldr_cache {

namespace {

struct Outcome {
  std::string file;    // the bind file written (or found: another name of a program bound before), else empty
  bool again = false;  // the file was there already
  std::string reason;  // why not, when not
  int undefined = 0;   // strong references nothing defines (looked up, and fatal, at every start)
};

// Runs `ldr ARGS -- PROGRAM` as `ldd -r` would (relocation, no initializer),
// with ldr's libs trace and no variable of the caller's (the closure a plain
// start of the program gets); stdout and stderr into one string. False when
// it could not be run (*out says why).
bool traced_run(const std::string& ldr, std::vector<const char*> args, const std::string& program,
                std::string* out, int* status) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    *out = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  args.insert(args.begin(), ldr.c_str());
  args.push_back("--");
  args.push_back(program.c_str());
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, 0) < 0 || dup2(fds[1], 1) < 0 || dup2(fds[1], 2) < 0) _exit(126);
    // ldd -r's stop: every relocation bound (LD_BIND_NOW; without it the PLT
    // would stay lazy, as glibc's ldd -d) and so every answer recorded.
    const char* envp[] = {"LD_TRACE_LOADED_OBJECTS=1", "LD_WARN=yes", "LD_BIND_NOW=1", "LDR_DEBUG=libs", nullptr};
    execve(args[0], const_cast<char**>(args.data()), const_cast<char**>(envp));
    std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    *out = std::string("fork: ") + std::strerror(errno);
    return false;
  }
  out->clear();
  char buf[65536];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    out->append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  while (waitpid(pid, status, 0) < 0 && errno == EINTR) {
  }
  return true;
}

// The program as the kernel starts it: $ORIGIN is its real file's directory
// (/proc/self/exe), not a symbolic link's (/usr/bin/java).
std::string real_path(const std::string& program) {
  char real[PATH_MAX];
  return realpath(program.c_str(), real) != nullptr ? real : program;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

// What ldr's trace says of the bind cache: "FILE: WHAT" after " bind cache=".
std::string bind_trace(const std::string& line, std::string* file) {
  size_t b = line.find(" bind cache=");
  if (b == std::string::npos) return "";
  std::string rest = line.substr(b + 12);
  size_t colon = rest.rfind(": ");
  if (colon == std::string::npos) return "";
  *file = rest.substr(0, colon);
  return rest.substr(colon + 2);
}

// Binds one program into dir: ldr with dir as its (user) bind cache, the
// system's off.
Outcome bind_one(const BindSettings& s, const std::string& dir, const std::string& program) {
  Outcome o;
  std::string out;
  int status = 0;
  if (!traced_run(s.ldr, {"--bind-cache", dir.c_str(), "--system-bind-cache", ""}, program, &out, &status)) {
    o.reason = out;
    return o;
  }
  std::string not_found, failed;
  for (const std::string& line : lines_of(out)) {
    std::string file, what = bind_trace(line, &file);
    if (what == "written" || what == "answers relocation") {  // the latter: the same closure again
      o.file = file;
      o.again = what != "written";
    } else if (!what.empty()) {
      failed = what;
    } else if (line.compare(0, 18, "undefined symbol: ") == 0) {
      ++o.undefined;
    } else if (line.find(" => not found") != std::string::npos && not_found.empty()) {
      size_t first = line.find_first_not_of("\t ");
      not_found = line.substr(first, line.find(" => ") - first);
    } else if (failed.empty() && line.find(": error while loading shared libraries: ") != std::string::npos) {
      // ldr's own error: "ldr: error while loading shared libraries: FILE: WHY"
      failed = line.substr(line.find(": error while loading shared libraries: ") + 40);
      if (failed.compare(0, program.size() + 2, program + ": ") == 0) failed.erase(0, program.size() + 2);
    }
  }
  if (!o.file.empty()) return o;
  if (!not_found.empty()) o.reason = not_found + " not found";
  else if (!failed.empty()) o.reason = failed;
  else if (WIFEXITED(status) && WEXITSTATUS(status) == 127) o.reason = "ldr cannot load it";
  else o.reason = "not a dynamically linked program ldr relocates";
  return o;
}

// A static program has no closure to bind (ldr would list the vDSO alone
// and write a file no start reads). Anything but an ELF file: ldr says why.
bool is_static_program(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  elf_version(EV_CURRENT);
  Elf* e = elf_begin(fd, ELF_C_READ, nullptr);
  bool dynamic = true;
  size_t count = 0;
  if (e != nullptr && elf_kind(e) == ELF_K_ELF && elf_getphdrnum(e, &count) == 0) {
    dynamic = false;
    for (size_t i = 0; i < count; ++i) {
      GElf_Phdr ph;
      if (gelf_getphdr(e, static_cast<int>(i), &ph) != nullptr && ph.p_type == PT_DYNAMIC) dynamic = true;
    }
  }
  elf_end(e);
  close(fd);
  return !dynamic;
}

bool make_dirs(const std::string& path) {
  for (size_t at = 1; at <= path.size(); ++at) {
    if (at != path.size() && path[at] != '/') continue;
    std::string prefix = path.substr(0, at);
    if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) return false;
  }
  return true;
}

// The programs a directory was filled for, one absolute path a line.
constexpr const char* kProgramList = "programs";

// Removes a directory this tool made and the files in it.
void remove_dir(const std::string& path) {
  if (DIR* d = opendir(path.c_str())) {
    while (dirent* e = readdir(d))
      if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
        unlink((path + "/" + e->d_name).c_str());
    closedir(d);
  }
  rmdir(path.c_str());
}

std::vector<std::string> bound_programs(const std::string& dir, bool* found) {
  std::vector<std::string> programs;
  std::ifstream in(strip_trailing_slashes(dir) + "/" + kProgramList);
  *found = in.good();
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) programs.push_back(line);
  return programs;
}

}  // namespace

int check_bound(const BindSettings& s) {
  bool found;
  std::vector<std::string> programs = bound_programs(s.dir, &found);
  if (!found) {
    std::fprintf(stderr, "ldr-cache: %s/%s: no list of bound programs\n", strip_trailing_slashes(s.dir).c_str(),
                 kProgramList);
    return 2;
  }
  int stale = 0;
  for (const std::string& program : programs) {
    std::string out, file;
    int status = 0;
    bool fresh = false;
    if (traced_run(s.ldr, {"--system-bind-cache", s.dir.c_str()}, real_path(program), &out, &status))
      for (const std::string& line : lines_of(out)) fresh = fresh || bind_trace(line, &file) == "answers relocation";
    if (!fresh) {
      std::printf("stale: %s\n", program.c_str());
      ++stale;
    }
  }
  return stale == 0 ? 0 : 1;
}

int bind_programs(const BindSettings& given) {
  BindSettings s = given;
  if (s.programs.empty()) {  // again, for the programs bound last time
    bool found;
    s.programs = bound_programs(s.dir, &found);
    if (!found || s.programs.empty()) {
      std::fprintf(stderr, "ldr-cache: --bind needs programs: %s/%s lists none\n",
                   strip_trailing_slashes(s.dir).c_str(), kProgramList);
      return 2;
    }
  }
  std::string dir = strip_trailing_slashes(s.dir);
  size_t slash = dir.rfind('/');
  if (dir.empty() || dir[0] != '/' || slash == std::string::npos) {
    std::fprintf(stderr, "ldr-cache: the bind cache directory must be an absolute path: `%s'\n", dir.c_str());
    return 2;
  }
  if (slash > 0 && !make_dirs(dir.substr(0, slash))) {
    std::fprintf(stderr, "ldr-cache: cannot create %s: %s\n", dir.substr(0, slash).c_str(), std::strerror(errno));
    return 2;
  }
  // Built beside the live one, so that one rename puts it in place.
  std::string fresh = dir + ".new." + std::to_string(getpid());
  if (mkdir(fresh.c_str(), 0755) != 0 || chmod(fresh.c_str(), 0755) != 0) {
    std::fprintf(stderr, "ldr-cache: cannot create %s: %s\n", fresh.c_str(), std::strerror(errno));
    return 2;
  }
  int failures = 0;
  for (const std::string& program : s.programs) {
    std::string path = real_path(program);
    Outcome o;
    if (is_static_program(path)) o.reason = "statically linked";
    else o = bind_one(s, fresh, path);
    if (o.file.empty()) {
      std::fprintf(stderr, "ldr-cache: cannot bind %s: %s\n", program.c_str(), o.reason.c_str());
      ++failures;
      continue;
    }
    // Readable by every user whatever the umask: root's answers serve them all.
    chmod(o.file.c_str(), 0644);
    if (o.undefined != 0)
      std::fprintf(stderr, "ldr-cache: %s: %d undefined symbol%s (looked up at every start)\n", program.c_str(),
                   o.undefined, o.undefined == 1 ? "" : "s");
    if (s.verbose)
      std::printf("%s: %s%s\n", program.c_str(), o.file.substr(o.file.rfind('/') + 1).c_str(),
                  o.again ? " (the same closure as an earlier program)" : "");
  }
  {
    // The list, for `--bind` without programs (again after upgrades) and `--bind --check`.
    std::string list = fresh + "/" + kProgramList;
    std::ofstream out(list);
    for (const std::string& program : s.programs) out << program << '\n';
    out.close();
    chmod(list.c_str(), 0644);
  }
  // Exchange the two directories atomically, else (no RENAME_EXCHANGE, or
  // no live one) rename; then drop the old.
  if (renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) == 0) {
    remove_dir(fresh);
  } else {
    std::string old = dir + ".old." + std::to_string(getpid());
    bool had = rename(dir.c_str(), old.c_str()) == 0;
    if (rename(fresh.c_str(), dir.c_str()) != 0) {
      std::fprintf(stderr, "ldr-cache: cannot install %s: %s\n", dir.c_str(), std::strerror(errno));
      if (had) rename(old.c_str(), dir.c_str());
      remove_dir(fresh);
      return 2;
    }
    if (had) remove_dir(old);
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace ldr_cache
