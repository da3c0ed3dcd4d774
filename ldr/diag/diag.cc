// SPDX-License-Identifier: MIT
// Diag recording and printing. Must not allocate: it runs on failure paths.
#include "diag/diag.h"

#include "base/fmt.h"
#include "base/mem.h"
#include "base/sys.h"

namespace ldr {

namespace {

void put_parts(char* buf, size_t cap, std::initializer_list<const char*> parts) {
  size_t len = base::str_nlen(buf, cap);
  base::Writer w(buf + len, cap - len);
  for (const char* p : parts)
    if (p != nullptr) w.str(p);
}

}  // namespace

void Diag::fail(const char* occ, const char* obj, std::initializer_list<const char*> parts,
                int err) {
  if (failed) return;
  failed = true;
  occasion = occ;
  errnum = err;
  object[0] = '\0';
  message[0] = '\0';
  if (obj != nullptr) put_parts(object, sizeof object, {obj});
  put_parts(message, sizeof message, parts);
}

void Diag::append(std::initializer_list<const char*> parts) {
  put_parts(message, sizeof message, parts);
}

const char* error_text(int e) {
  switch (e) {
    case 1: return "Operation not permitted";
    case 2: return "No such file or directory";
    case 5: return "Input/output error";
    case 6: return "No such device or address";
    case 8: return "Exec format error";
    case 9: return "Bad file descriptor";
    case 12: return "Cannot allocate memory";
    case 13: return "Permission denied";
    case 19: return "No such device";
    case 20: return "Not a directory";
    case 21: return "Is a directory";
    case 22: return "Invalid argument";
    case 23: case 24: return "Too many open files";
    case 26: return "Text file busy";
    case 27: return "File too large";
    case 36: return "File name too long";
    case 40: return "Too many levels of symbolic links";
    default: return "Unknown error";
  }
}

void format_for_dlerror(const Diag& d, char* out, size_t cap) {
  base::Writer w(out, cap);
  if (d.object[0] != '\0') w.str(d.object).str(": ");
  w.str(d.message);
  if (d.errnum != 0) w.str(": ").str(error_text(d.errnum));
}

void die(const char* progname, const Diag& d) {
  {
    base::FdWriter w(2);
    w.str(progname != nullptr ? progname : "ldr").str(": ");
    if (d.occasion != nullptr && d.occasion[0] != '\0') w.str(d.occasion).str(": ");
    if (d.object[0] != '\0') w.str(d.object).str(": ");
    w.str(d.message);
    if (d.errnum != 0) w.str(": ").str(error_text(d.errnum));
    w.nl();
  }
  base::sys_exit_group(d.status);
}

void warn(const char* progname, std::initializer_list<const char*> parts) {
  base::FdWriter w(2);
  w.str(progname != nullptr ? progname : "ldr").str(": ");
  for (const char* p : parts)
    if (p != nullptr) w.str(p);
  w.nl();
}

}  // namespace ldr
