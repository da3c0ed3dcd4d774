// SPDX-License-Identifier: MIT
// One typed wrapper per system call the loader uses, named sys_<name>. Each
// returns the kernel's result: a value, or a negative errno. No libc names.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/syscall.h"

namespace ldr::base {

// Linux x86-64 system call numbers and flag values (asm/unistd_64.h, asm-generic/mman*.h).
inline constexpr long kSysRead = 0, kSysWrite = 1, kSysClose = 3, kSysFstat = 5, kSysRtSigprocmask = 14,
                      kSysMmap = 9, kSysMprotect = 10, kSysMunmap = 11,
                      kSysPread64 = 17, kSysAccess = 21, kSysMremap = 25, kSysMadvise = 28,
                      kSysGetpid = 39, kSysExecve = 59, kSysExit = 60, kSysUname = 63, kSysGetcwd = 79,
                      kSysReadlink = 89, kSysGeteuid = 107, kSysArchPrctl = 158, kSysGettid = 186,
                      kSysClockGettime = 228, kSysExitGroup = 231, kSysOpenat = 257,
                      kSysUnlinkat = 263, kSysRenameat = 264;

inline constexpr int kProtNone = 0, kProtRead = 1, kProtWrite = 2, kProtExec = 4;
inline constexpr int kMapPrivate = 0x02, kMapFixed = 0x10, kMapAnonymous = 0x20,
                     kMapPopulate = 0x8000, kMapFixedNoreplace = 0x100000;
inline constexpr int kOpenReadOnly = 0, kOpenCloexec = 02000000, kOpenWriteOnly = 1,
                     kOpenCreate = 0100, kOpenAppend = 02000, kOpenTruncate = 01000,
                     kOpenDirectory = 0200000, kOpenPath = 010000000;
inline constexpr int kAtFdcwd = -100;
inline constexpr int kArchSetFs = 0x1002;

inline constexpr int kEnoent = 2, kEnomem = 12, kEacces = 13, kEnoexec = 8, kEinval = 22,
                     kEnametoolong = 36, kEloop = 40;

// struct stat on x86-64 (asm/stat.h), only the fields ldr reads are named.
struct KernelStat {
  uint64_t st_dev;
  uint64_t st_ino;
  uint64_t st_nlink;
  uint32_t st_mode;
  uint32_t st_uid;
  uint32_t st_gid;
  uint32_t pad0;
  uint64_t st_rdev;
  int64_t st_size;
  int64_t st_blksize;
  int64_t st_blocks;
  uint64_t st_atime_sec, st_atime_nsec;
  uint64_t st_mtime_sec, st_mtime_nsec;
  uint64_t st_ctime_sec, st_ctime_nsec;
  int64_t reserved[3];
};
static_assert(sizeof(KernelStat) == 144);
inline constexpr uint32_t kModeTypeMask = 0170000, kModeRegular = 0100000;

struct KernelTimespec {
  int64_t tv_sec;
  int64_t tv_nsec;
};

inline long sys_read(int fd, void* buf, size_t n) {
  return syscall3(kSysRead, fd, reinterpret_cast<long>(buf), static_cast<long>(n));
}
inline long sys_write(int fd, const void* buf, size_t n) {
  return syscall3(kSysWrite, fd, reinterpret_cast<long>(buf), static_cast<long>(n));
}
inline long sys_pread64(int fd, void* buf, size_t n, uint64_t off) {
  return syscall4(kSysPread64, fd, reinterpret_cast<long>(buf), static_cast<long>(n),
                  static_cast<long>(off));
}
inline long sys_execve(const char* path, char* const* argv, char* const* envp) {
  return syscall3(kSysExecve, reinterpret_cast<long>(path), reinterpret_cast<long>(argv),
                  reinterpret_cast<long>(envp));
}
inline long sys_openat(int dirfd, const char* path, int flags, int mode = 0) {
  return syscall4(kSysOpenat, dirfd, reinterpret_cast<long>(path), flags, mode);
}
inline long sys_close(int fd) { return syscall1(kSysClose, fd); }
inline long sys_renameat(int olddirfd, const char* oldpath, int newdirfd, const char* newpath) {
  return syscall4(kSysRenameat, olddirfd, reinterpret_cast<long>(oldpath), newdirfd,
                  reinterpret_cast<long>(newpath));
}
inline long sys_unlinkat(int dirfd, const char* path, int flags) {
  return syscall3(kSysUnlinkat, dirfd, reinterpret_cast<long>(path), flags);
}
// A file's modification time in nanoseconds: part of its identity (caches).
inline uint64_t mtime_ns(const KernelStat& st) { return st.st_mtime_sec * 1000000000u + st.st_mtime_nsec; }
inline long sys_fstat(int fd, KernelStat* st) {
  return syscall2(kSysFstat, fd, reinterpret_cast<long>(st));
}
inline long sys_mmap(void* addr, size_t len, int prot, int flags, int fd, uint64_t off) {
  return syscall6(kSysMmap, reinterpret_cast<long>(addr), static_cast<long>(len), prot,
                  flags, fd, static_cast<long>(off));
}
inline long sys_mprotect(void* addr, size_t len, int prot) {
  return syscall3(kSysMprotect, reinterpret_cast<long>(addr), static_cast<long>(len), prot);
}
inline constexpr int kMadvHugepage = 14;
inline constexpr int kMadvPopulateWrite = 23;  // Linux 5.14
inline long sys_madvise(void* addr, size_t len, int advice) {
  return syscall3(kSysMadvise, reinterpret_cast<long>(addr), static_cast<long>(len), advice);
}
inline constexpr int kMremapMaymove = 1;
inline long sys_mremap(void* addr, size_t old_len, size_t new_len, int flags) {
  return syscall4(kSysMremap, reinterpret_cast<long>(addr), static_cast<long>(old_len),
                  static_cast<long>(new_len), flags);
}
inline long sys_munmap(void* addr, size_t len) {
  return syscall2(kSysMunmap, reinterpret_cast<long>(addr), static_cast<long>(len));
}
inline long sys_getpid() { return syscall0(kSysGetpid); }
inline long sys_geteuid() { return syscall0(kSysGeteuid); }
inline constexpr int kSigBlock = 0, kSigSetmask = 2;
// The kernel's sigset (64 signals); how is SIG_BLOCK or SIG_SETMASK.
inline long sys_rt_sigprocmask(int how, const uint64_t* set, uint64_t* old) {
  return syscall4(kSysRtSigprocmask, how, reinterpret_cast<long>(set), reinterpret_cast<long>(old), 8);
}
inline long sys_getcwd(char* buf, size_t n) {
  return syscall2(kSysGetcwd, reinterpret_cast<long>(buf), static_cast<long>(n));
}
inline long sys_arch_prctl(int code, uintptr_t addr) {
  return syscall2(kSysArchPrctl, code, static_cast<long>(addr));
}
inline long sys_clock_gettime(int clock, KernelTimespec* ts) {
  return syscall2(kSysClockGettime, clock, reinterpret_cast<long>(ts));
}
[[noreturn]] inline void sys_exit_group(int status) {
  for (;;) syscall1(kSysExitGroup, status);
}

// True when a raw result is an error (-4095..-1), as the kernel ABI defines it.
inline bool sys_failed(long r) { return static_cast<unsigned long>(r) > -4096UL; }

}  // namespace ldr::base
