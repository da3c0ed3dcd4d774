/* SPDX-License-Identifier: MIT */
/* The runner's spawner: `spawn PROGRAM ARGS...` forks, execs PROGRAM with
   stdin, stdout and stderr on /dev/null, waits for it and writes
   "STATUS CPU_NS MINFLT MAXRSS_KIB\n" (wait4's rusage of that child only) to
   its own standard output. Exists because a child spawned by the Python
   runner itself inherits the interpreter's peak RSS across exec (Linux keeps
   the old mm's high-water mark in ru_maxrss); forked from this small static
   process, the child starts near zero. Measures nothing of its own. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: spawn PROGRAM [ARGS...]\n");
    return 2;
  }
  pid_t pid = fork();
  if (pid < 0) return 2;
  if (pid == 0) {
    int fd = open("/dev/null", O_RDWR);
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    execv(argv[1], argv + 1);
    _exit(126);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) != pid) return 2;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  long long cpu = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
                  (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
  printf("%d %lld %ld %ld\n", code, cpu, ru.ru_minflt, ru.ru_maxrss);
  return 0;
}
