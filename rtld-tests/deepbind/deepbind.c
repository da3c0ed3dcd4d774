// SPDX-License-Identifier: MIT
// RTLD_DEEPBIND: the executable defines which() as libdeep_dep.so does; a
// plugin opened with RTLD_DEEPBIND binds to its own closure's definition
// first (glibc's l_scope: the dlopen's closure, then the global scope), as
// do the dependencies that dlopen loads, and dlsym(RTLD_DEFAULT) from it
// finds the same; an object loaded before keeps its scope, and takes the
// plugin's closure as a scope of its own after it (glibc's update_scopes).
// Usage: deepbind DIR deepbind|plain|dep_loaded_first|dep_first_plugin_closed
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

const char* which(void) { return "main"; }

static void* open_or_die(const char* dir, const char* name, int mode) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  void* h = dlopen(path, mode);
  if (h == NULL) printf("dlopen %s: %s\n", name, dlerror());
  return h;
}

static void call(void* h, const char* fn) {
  const char* (*f)(void) = (const char* (*)(void))dlsym(h, fn);
  printf("%s: %s\n", fn, f != NULL ? f() : "not found");
}

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const char* dir = argv[1];
  int deep = strcmp(argv[2], "plain") != 0 ? RTLD_DEEPBIND : 0;
  void* dep = NULL;
  if (strcmp(argv[2], "dep_first_plugin_closed") == 0) {
    // The plugin's closure joins the dependency's scopes, and leaves them
    // when the plugin is unloaded (nothing bound to it in between).
    dep = open_or_die(dir, "libdeep_dep.so", RTLD_NOW);
    void* plugin = open_or_die(dir, "libdeep_plugin.so", RTLD_NOW);
    if (dep == NULL || plugin == NULL) return 1;
    dlclose(plugin);
    printf("plugin closed\n");
    call(dep, "dep_default_plugin");
    return 0;
  }
  if (strcmp(argv[2], "dep_loaded_first") == 0) dep = open_or_die(dir, "libdeep_dep.so", RTLD_NOW);
  void* plugin = open_or_die(dir, "libdeep_plugin.so", RTLD_NOW | deep);
  if (plugin == NULL) return 1;
  if (dep == NULL) dep = plugin;  // dlsym through the plugin's closure finds the dependency's
  printf("main: %s\n", which());
  call(plugin, "plugin_calls_which");
  call(plugin, "plugin_default_which");
  call(dep, "dep_calls_which");
  call(dep, "dep_default_plugin");
  return 0;
}
