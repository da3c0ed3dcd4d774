// SPDX-License-Identifier: MIT
// Scanning with libelf (through ldr-version's ElfFile) and the loader's own
// note decoder, so the versions recorded are the ones the loader would read.
#include "scan.h"

#include <dirent.h>
#include <gelf.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>

#include <ldr/cache_format.h>

#include "elf/note.h"
#include "elf_file.h"

namespace ldr_cache {

namespace {

constexpr uint64_t kMaxNoteBytes = 4096;  // the loader's limit (version/require.cc)

uint64_t mtime_ns(const struct stat& st) {
  return static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000u + static_cast<uint64_t>(st.st_mtim.tv_nsec);
}

struct ObjectInfo {
  std::string soname;
  bool has_version = false;
  uint32_t version = 0, revision = 0;
  bool has_require = false;
};

// nullptr when the object is an x86-64 ELFCLASS64 shared object, else why not.
const char* inspect(const std::string& file, ObjectInfo* info) {
  ldr_version::ElfFile ef;
  std::string error;
  if (!ef.open(file, &error)) return "not an ELF file";
  size_t raw_size = 0;
  const char* raw = elf_rawfile(ef.elf(), &raw_size);
  if (raw == nullptr || raw_size < EI_NIDENT || raw[EI_CLASS] != ELFCLASS64) return "not ELFCLASS64";
  GElf_Ehdr eh;
  if (gelf_getehdr(ef.elf(), &eh) == nullptr || eh.e_type != ET_DYN) return "not a shared object";
  if (eh.e_machine != EM_X86_64) return "not x86-64";
  for (Elf_Scn* scn = elf_nextscn(ef.elf(), nullptr); scn != nullptr; scn = elf_nextscn(ef.elf(), scn)) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) == nullptr || sh.sh_type != SHT_DYNAMIC) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (data == nullptr || sh.sh_entsize == 0) break;
    for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; ++i) {
      GElf_Dyn d;
      if (gelf_getdyn(data, static_cast<int>(i), &d) == nullptr || d.d_tag == DT_NULL) break;
      if (d.d_tag != DT_SONAME) continue;
      const char* s = elf_strptr(ef.elf(), sh.sh_link, d.d_un.d_val);
      if (s != nullptr) info->soname = s;
    }
    break;
  }
  // As the loader's file_version: the first PT_NOTE (of at most 4 KiB) whose
  // notes decode and hold a version.
  for (const ldr_version::NoteRange& r : ef.ranges()) {
    if (!r.segment || r.span.size == 0 || r.span.size > kMaxNoteBytes) continue;
    ldr::elf::NoteSpan span{r.span.data, r.span.size, r.span.align == 8 ? 8u : 4u};
    ldr::elf::LdrNotes notes;
    if (ldr::elf::decode_ldr_notes(&span, 1, &notes) != nullptr) continue;
    info->has_require |= notes.require_count != 0;
    if (notes.has_version && !info->has_version) {
      info->has_version = true;
      info->version = notes.version;
      info->revision = notes.revision;
    }
  }
  return nullptr;
}

struct Found {
  std::string name;  // file name in the directory
  bool is_link = false;
  ObjectInfo info;
};

void warn(const std::string& s) { std::fprintf(stderr, "ldr-cache: %s\n", s.c_str()); }

}  // namespace

std::string entry_staleness(const std::string& root, const std::string& path, uint64_t ino,
                            uint64_t size, uint64_t mtime) {
  struct stat st;
  if (stat((root + path).c_str(), &st) != 0) return "vanished";
  if (st.st_ino != ino) return "changed (inode)";
  if (static_cast<uint64_t>(st.st_size) != size) return "changed (size)";
  if (mtime_ns(st) != mtime) return "changed (mtime)";
  return {};
}

namespace {

// glibc-hwcaps subdirectories ldr-cache records, by level (the loader prefers
// the highest its CPU supports, as glibc's search_cache does): entries get
// hwcap_level 4, 3 or 2; other names there are not recorded.
constexpr struct {
  const char* name;
  uint8_t level;
} kHwcapsSubdirs[] = {{"x86-64-v4", 4}, {"x86-64-v3", 3}, {"x86-64-v2", 2}};

// Records one directory (`path` as the loader sees it, `full` with the root)
// and the libraries it holds, entries at hwcaps `level` (0: a plain directory).
void scan_one(const ScanOptions& opt, const ScanDir& sd, const std::string& path, const std::string& full,
              const struct stat& st, uint8_t level, ImageInput* out) {
  auto dir_index = static_cast<uint16_t>(out->dirs.size());
  out->dirs.push_back({path, sd.flags, sd.conf, sd.line, static_cast<uint64_t>(st.st_dev),
                       static_cast<uint64_t>(st.st_ino), mtime_ns(st)});
  if (opt.verbose) std::printf("%s: (from %s:%u)\n", path.c_str(), sd.conf.c_str(), sd.line);

  std::vector<std::string> names;
  if (DIR* d = opendir(full.c_str())) {
    while (dirent* de = readdir(d)) {
      std::string n = de->d_name;
      if (is_library_name(n)) names.push_back(n);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());  // reproducible whatever readdir's order
  std::map<std::string, std::vector<Found>> by_soname;
  for (const std::string& n : names) {
    std::string file = full + "/" + n;
    struct stat lst, fst;
    if (lstat(file.c_str(), &lst) != 0 || stat(file.c_str(), &fst) != 0 || !S_ISREG(fst.st_mode))
      continue;
    Found f{n, S_ISLNK(lst.st_mode), {}};
    if (const char* why = inspect(file, &f.info)) {
      if (opt.verbose && std::strcmp(why, "not an ELF file") != 0)
        std::printf("\t%s: skipped, %s\n", n.c_str(), why);
      continue;
    }
    if (f.info.soname.empty()) f.info.soname = n;  // ldconfig: the file name
    by_soname[f.info.soname].push_back(f);
  }
  std::vector<std::string> sonames;
  for (auto& [soname, files] : by_soname) sonames.push_back(soname);
  std::sort(sonames.begin(), sonames.end(),
            [](const std::string& a, const std::string& b) { return libcmp(a.c_str(), b.c_str()) < 0; });
  for (const std::string& soname : sonames) {
    const std::vector<Found>& files = by_soname[soname];
    // The file a directory search would open (the soname link), else
    // ldconfig's choice: the newest name, a regular file over a symlink.
    const Found* pick = nullptr;
    for (const Found& f : files)
      if (f.name == soname) pick = &f;
    if (pick == nullptr) {
      for (const Found& f : files) {
        if (pick == nullptr) { pick = &f; continue; }
        int c = libcmp(f.name.c_str(), pick->name.c_str());
        if (c > 0 || (c == 0 && pick->is_link && !f.is_link)) pick = &f;
      }
    }
    std::string file = path == "/" ? "/" + pick->name : path + "/" + pick->name;
    struct stat fst;
    if (stat((opt.root + file).c_str(), &fst) != 0) continue;
    EntryRecord e;
    e.soname = soname;
    e.path = file;
    e.hwcap_level = level;
    e.has_version = pick->info.has_version;
    e.version = pick->info.version;
    e.revision = pick->info.revision;
    e.flags = LDR_CACHE_FLAG_ELF_LIBC6 | LDR_CACHE_FLAG_X8664_LIB64 |
              ((sd.flags & LDR_CACHE_DIR_TRUSTED) != 0 ? LDR_CACHE_FLAG_TRUSTED_DIR : 0) |
              (pick->info.has_require ? LDR_CACHE_FLAG_HAS_REQUIRE : 0);
    e.dir_index = dir_index;
    e.ino = fst.st_ino;
    e.size = static_cast<uint64_t>(fst.st_size);
    e.mtime_ns = mtime_ns(fst);
    out->entries.push_back(e);
    if (opt.verbose) {
      std::printf("\t%s -> %s", soname.c_str(), pick->name.c_str());
      if (e.has_version) std::printf(" [%u.%u]", e.version, e.revision);
      std::printf("\n");
    }
  }
}

}  // namespace

void scan_dirs(const ScanOptions& opt, const std::vector<ScanDir>& dirs, ImageInput* out) {
  for (const ScanDir& sd : dirs) {
    struct stat st;
    std::string full = opt.root + sd.path;
    if (stat(full.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      if (opt.verbose) warn("Can't stat " + sd.path + ": " + std::strerror(errno != 0 ? errno : ENOTDIR));
      continue;
    }
    bool repeated = false;
    for (const DirRecord& d : out->dirs) {
      if (d.dev == st.st_dev && d.ino == st.st_ino) {
        repeated = true;
        if (opt.verbose) {
          warn("Path `" + sd.path + "' given more than once");
          std::fprintf(stderr, "(from %s:%u and %s:%u)\n", sd.conf.c_str(), sd.line, d.conf.c_str(),
                       d.conf_line);
        }
        break;
      }
    }
    if (repeated) continue;
    if (out->dirs.size() > 0xffff) {
      warn("too many directories; " + sd.path + " ignored");
      continue;
    }
    scan_one(opt, sd, sd.path, full, st, 0, out);
    // Its glibc-hwcaps subdirectories, as ldconfig records them.
    for (const auto& h : kHwcapsSubdirs) {
      std::string sub = std::string(sd.path == "/" ? "" : sd.path) + "/glibc-hwcaps/" + h.name;
      struct stat hst;
      if (stat((opt.root + sub).c_str(), &hst) != 0 || !S_ISDIR(hst.st_mode) || out->dirs.size() > 0xffff) continue;
      scan_one(opt, sd, sub, opt.root + sub, hst, h.level, out);
    }
  }
}

}  // namespace ldr_cache
