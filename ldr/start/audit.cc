// SPDX-License-Identifier: MIT
// The audit-module report (start/audit.h): lists split at ':' as glibc's
// audit_list_next splits them, empty names skipped.
#include "start/audit.h"

#include "base/fmt.h"
#include "runtime.h"

namespace ldr {

namespace {

void report_list(const char* list) {
  if (list == nullptr) return;
  for (const char* p = list; *p != '\0';) {
    const char* name = p;
    while (*p != '\0' && *p != ':') ++p;
    if (p != name) {
      base::FdWriter(2).str("ERROR: ld.so: object '").str(name, static_cast<size_t>(p - name))
          .str("' cannot be loaded as audit interface: auditing is not supported by ldr; ignored.\n");
    }
    if (*p == ':') ++p;
  }
}

}  // namespace

void report_audit_modules(const Runtime& rt) {
  report_list(rt.options.env_audit);
  report_list(rt.options.audit);
}

}  // namespace ldr
