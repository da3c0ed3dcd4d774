/* SPDX-License-Identifier: MIT
 * fork_threads LIB: threads before fork; in the child, threads again, each
 * with its own copy of a dlopened library's TLS (which the parent had
 * changed before forking), and a dlclose/dlopen of that library (the
 * child's own last reference: it is unloaded and loaded afresh). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static __thread int own = 1;
static int (*bump)(void);

static void* work(void* arg) {
  own += (int)(long)arg;  /* each thread its own copy */
  int first = bump();     /* 8: a fresh copy of the library's TLS */
  return (void*)(long)(own == 1 + (int)(long)arg && first == 8);
}

static int run_threads(int n) {
  pthread_t t[8];
  int ok = 0;
  for (long i = 0; i < n; ++i) pthread_create(&t[i], NULL, work, (void*)(i + 1));
  for (int i = 0; i < n; ++i) {
    void* r;
    pthread_join(t[i], &r);
    ok += (int)(long)r;
  }
  return ok;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  void* lib = dlopen(argv[1], RTLD_NOW);
  if (lib == NULL) {
    printf("dlopen: %s\n", dlerror());
    return 1;
  }
  bump = (int (*)(void))dlsym(lib, "forktls_bump");
  printf("parent: threads %d ok\n", run_threads(2));
  bump();  /* the main thread's copy becomes 8 */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int ok = run_threads(4);
    int inherited = bump();  /* 9: the copy inherited from the parent's main thread */
    dlclose(lib);
    lib = dlopen(argv[1], RTLD_NOW);
    bump = (int (*)(void))dlsym(lib, "forktls_bump");
    int reopened = bump();   /* the child's last reference went: loaded afresh, 8 */
    printf("child: threads %d ok, dlopen tls: inherited %d, after dlclose and dlopen %d\n", ok, inherited,
           reopened);
    fflush(stdout);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  printf("parent: child exited %d, main copy %d\n", WEXITSTATUS(status), bump());
  return 0;
}
