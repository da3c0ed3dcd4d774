// SPDX-License-Identifier: MIT
// glibc's ld.so error protocol, exported under GLIBC_PRIVATE:
// _dl_exception_create[_format], _dl_exception_free, _dl_signal_exception,
// _dl_signal_error, _dl_catch_exception, _dl_catch_error, _dl_fatal_printf.
// Like glibc's own ld.so copy (DL_ERROR_BOOTSTRAP), the catch pointer is a
// plain global; libc keeps its own per-thread copy of this machinery.
#include <cstdarg>

#include "arch/x86_64/jump.h"
#include "base/fmt.h"
#include "base/mem.h"
#include "base/printf.h"
#include "base/sys.h"
#include "diag/diag.h"
#include "glibc/libc_malloc.h"
#include "runtime.h"

namespace {

// glibc's struct dl_exception (include/dlfcn.h in glibc's tree).
struct DlException {
  const char* objname;
  const char* errstring;
  char* message_buffer;  // freed by _dl_exception_free when it came from the program's malloc
};

struct Catch {
  DlException* exception;
  volatile int* errcode;
  LdrJumpBuffer env;
};

Catch* g_catch = nullptr;  // innermost _dl_catch_exception frame (see file comment)

void oom_exception(DlException* e) {
  e->objname = "";
  e->errstring = "out of memory";
  e->message_buffer = nullptr;
}

// Stores errstring and objname in one allocation, errstring first (glibc's layout).
void fill_exception(DlException* e, const char* objname, const char* errstring, size_t err_len) {
  if (objname == nullptr) objname = "";
  size_t obj_len = ldr::base::str_len(objname) + 1;
  bool by_libc = false;
  auto* buf = static_cast<char*>(ldr::glibc::allocate(err_len + 1 + obj_len, &by_libc));
  if (buf == nullptr) return oom_exception(e);
  ldr::base::copy_bytes(buf, errstring, err_len);
  buf[err_len] = '\0';
  ldr::base::copy_bytes(buf + err_len + 1, objname, obj_len);
  e->errstring = buf;
  e->objname = buf + err_len + 1;
  e->message_buffer = by_libc ? buf : nullptr;
}

[[noreturn]] void fatal_error(int errcode, const char* objname, const char* occasion,
                              const char* errstring) {
  ldr::Diag d;
  d.fail(occasion != nullptr ? occasion : ldr::kOccasionLoad, objname, {errstring}, errcode);
  ldr::die(ldr::runtime().progname, d);
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) void _dl_exception_create(DlException* e, const char* objname,
                                                                 const char* errstring) {
  fill_exception(e, objname, errstring, ldr::base::str_len(errstring));
}

__attribute__((visibility("default"))) void _dl_exception_create_format(DlException* e, const char* objname,
                                                                        const char* fmt, ...) {
  char text[2048];
  size_t len;
  {
    ldr::base::Writer w(text, sizeof text);
    va_list ap;
    va_start(ap, fmt);
    ldr::base::vformat(w, fmt, ap);
    va_end(ap);
    w.flush();
    len = w.length();
  }
  fill_exception(e, objname, text, len);
}

__attribute__((visibility("default"))) void _dl_exception_free(DlException* e) {
  if (e->message_buffer != nullptr && ldr::glibc::g_libc_allocator.free != nullptr)
    ldr::glibc::g_libc_allocator.free(e->message_buffer);
  *e = DlException{nullptr, nullptr, nullptr};
}

__attribute__((visibility("default"), noreturn)) void _dl_signal_exception(int errcode, DlException* e,
                                                                          const char* occasion) {
  if (Catch* c = g_catch) {
    *c->exception = *e;
    *c->errcode = errcode;
    ldr_longjmp(&c->env, 1);
  }
  fatal_error(errcode, e->objname, occasion, e->errstring);
}

__attribute__((visibility("default"), noreturn)) void _dl_signal_error(int errcode, const char* objname,
                                                                      const char* occasion,
                                                                      const char* errstring) {
  if (errstring == nullptr) errstring = "DYNAMIC LINKER BUG!!!";
  if (Catch* c = g_catch) {
    _dl_exception_create(c->exception, objname, errstring);
    *c->errcode = errcode;
    ldr_longjmp(&c->env, 1);
  }
  fatal_error(errcode, objname, occasion, errstring);
}

__attribute__((visibility("default"))) int _dl_catch_exception(DlException* e, void (*operate)(void*),
                                                               void* args) {
  if (e == nullptr) {
    // Exceptions are fatal while operate runs.
    Catch* old = g_catch;
    g_catch = nullptr;
    operate(args);
    g_catch = old;
    return 0;
  }
  volatile int errcode = 0;
  Catch c;
  c.exception = e;
  c.errcode = &errcode;
  Catch* old = g_catch;
  g_catch = &c;
  if (ldr_setjmp(&c.env) == 0) {
    operate(args);
    g_catch = old;
    *e = DlException{nullptr, nullptr, nullptr};
    return 0;
  }
  g_catch = old;
  return errcode;
}

__attribute__((visibility("default"))) int _dl_catch_error(const char** objname, const char** errstring,
                                                           bool* mallocedp, void (*operate)(void*),
                                                           void* args) {
  DlException e;
  int err = _dl_catch_exception(&e, operate, args);
  *objname = e.objname;
  *errstring = e.errstring;
  *mallocedp = e.message_buffer == e.errstring;
  return err;
}

__attribute__((visibility("default"), noreturn)) void _dl_fatal_printf(const char* fmt, ...) {
  {
    ldr::base::FdWriter w(2);
    va_list ap;
    va_start(ap, fmt);
    ldr::base::vformat(w, fmt, ap);
    va_end(ap);
  }
  ldr::base::sys_exit_group(127);
}

}  // extern "C"
