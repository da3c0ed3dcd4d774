// SPDX-License-Identifier: MIT
// cxx_app PLUGIN: the C++ runtime under a loader. Static initialisation
// across libraries, 8 std::threads with thread_local objects (program,
// libshapes, the dlopened plugin) whose destructors all run, exceptions
// thrown and caught across both libraries, iostream with a locale and a
// custom facet, and a dlclose that runs the plugin's destructors, then a
// dlopen that runs its initialisers again. Deterministic output, compared
// with glibc's ld.so.
#include <dlfcn.h>

#include <atomic>
#include <iostream>
#include <locale>
#include <thread>
#include <vector>

#include "shapes.h"
#include "worker.h"

namespace {

// Runs after libshapes' initialiser (it is a dependency): sees its value.
struct Startup {
  int seen = shapes_ready;
} startup;

struct Grouping : std::numpunct<char> {
  char do_thousands_sep() const override { return ','; }
  std::string do_grouping() const override { return "\3"; }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  std::cout << "static init saw shapes_ready=" << startup.seen << std::endl;
  void* plugin = dlopen(argv[1], RTLD_NOW);
  if (plugin == nullptr) {
    std::cout << "dlopen: " << dlerror() << std::endl;
    return 1;
  }
  auto plugin_work = reinterpret_cast<int (*)(int)>(dlsym(plugin, "plugin_work"));
  auto count = reinterpret_cast<void (*)(std::atomic<int>*)>(dlsym(plugin, "plugin_count_destructions"));
  std::atomic<int> plugin_destroyed{0};
  count(&plugin_destroyed);

  std::vector<Result> results(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) threads.emplace_back([&, i] { results[i] = work(i, plugin_work); });
  for (auto& t : threads) t.join();
  for (int i = 0; i < 8; ++i) {
    const Result& r = results[i];
    std::cout << "thread " << i << ": shapes " << (r.caught_shapes ? "caught" : "missed") << ", plugin "
              << (r.caught_plugin ? "threw" : "returned " + std::to_string(r.plugin_value))
              << ", touches " << r.touches << "\n";
  }
  std::cout << "thread_local destructors: app " << app_destroyed << ", shapes " << shapes_destroyed()
            << ", plugin " << plugin_destroyed << "\n";

  std::cout.imbue(std::locale(std::locale("C.UTF-8"), new Grouping));
  std::cout << "grouped " << 1234567 << std::endl;
  std::cout.imbue(std::locale::classic());

  std::cout << "closing the plugin" << std::endl;
  if (dlclose(plugin) != 0) std::cout << "dlclose: " << dlerror() << std::endl;
  std::cout << "opening it again" << std::endl;
  plugin = dlopen(argv[1], RTLD_NOW);
  std::cout << (plugin != nullptr ? "reopened" : dlerror()) << std::endl;
  return 0;
}
