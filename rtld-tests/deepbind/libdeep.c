// SPDX-License-Identifier: MIT
// The deepbind fixtures, one source: libdeep_dep.so (-DDEP) defines which()
// as the executable does, and calls it; libdeep_plugin.so needs it and calls
// which() directly and through dlsym(RTLD_DEFAULT); the dependency looks the
// plugin up through dlsym(RTLD_DEFAULT).
#include <dlfcn.h>

const char* which(void);

#ifdef DEP
const char* which(void) { return "dep"; }
const char* dep_calls_which(void) { return which(); }
// The plugin, from the dependency: found through the plugin's closure, the
// dependency's scope since the plugin's dlopen (glibc's update_scopes, when
// the dependency was opened first).
const char* dep_default_plugin(void) { return dlsym(RTLD_DEFAULT, "plugin_calls_which") != 0 ? "found" : "none"; }
#else
const char* plugin_calls_which(void) { return which(); }
const char* plugin_default_which(void) {
  const char* (*f)(void) = (const char* (*)(void))dlsym(RTLD_DEFAULT, "which");
  return f != 0 ? f() : "none";
}
#endif
