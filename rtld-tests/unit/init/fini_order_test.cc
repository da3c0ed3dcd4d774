// SPDX-License-Identifier: MIT
// init::fini_order, the order dlclose and exit run finalizers in: glibc
// 2.36's _dl_sort_maps with for_fini (DFS from the last loaded object along
// DT_NEEDED, a dlopen root's sorted closure, and relocation dependencies; a
// second DT_NEEDED-only pass when relocation dependencies were seen; the
// executable first). Each expected order is worked out by hand from that
// algorithm in the comment above it.
#include <criterion/criterion.h>

#include <initializer_list>
#include <string>

#include "init/run.h"
#include "module/module.h"
#include "runtime.h"

using ldr::Module;
using ldr::ModuleKind;
using ldr::Runtime;

namespace {

struct Graph {
  Runtime rt;
  Module mods[8];
  Module* edges[8][8] = {};
  const char* names[8] = {};

  // Objects in load order; the first is the executable.
  explicit Graph(std::initializer_list<const char*> list) {
    int i = 0;
    Module* prev = nullptr;
    for (const char* n : list) {
      Module& m = mods[i];
      m.name = n;
      m.kind = i == 0 ? ModuleKind::kExecutable : ModuleKind::kLibrary;
      m.prev = prev;
      if (prev != nullptr) prev->next = &m;
      else rt.first = &m;
      prev = &m;
      names[i++] = n;
    }
    rt.last = prev;
    rt.main = &mods[0];
  }
  Module* get(const char* n) {
    for (Module& m : mods)
      if (m.name != nullptr && std::string(m.name) == n) return &m;
    cr_assert_fail("no module %s", n);
    return nullptr;
  }
  void needs(const char* from, std::initializer_list<const char*> to) {
    Module* m = get(from);
    int k = 0;
    for (const char* t : to) edges[m - mods][k++] = get(t);
    m->deps = edges[m - mods];
    m->dep_count = static_cast<uint32_t>(k);
  }
  Module* extra[8][8] = {};
  void reldeps(const char* from, std::initializer_list<const char*> to) {
    Module* m = get(from);
    int k = 0;
    for (const char* t : to) extra[m - mods][k++] = get(t);
    m->reldeps = extra[m - mods];
    m->reldep_count = static_cast<uint32_t>(k);
  }
  Module* sorted[8][8] = {};
  void initfini(const char* root, std::initializer_list<const char*> list) {
    Module* m = get(root);
    int k = 0;
    for (const char* t : list) sorted[m - mods][k++] = get(t);
    m->initfini = sorted[m - mods];
    m->initfini_count = static_cast<uint32_t>(k);
  }
  std::string order() {
    uint32_t n = 0;
    Module** o = ldr::fini_order(rt, &n);
    cr_assert_not_null(o);
    std::string s;
    for (uint32_t i = 0; i < n; ++i) s += std::string(i ? " " : "") + o[i]->name;
    return s;
  }
};

}  // namespace

// DFS from dep (placed last), other, main (dep visited), root, exe:
// dependents before their dependencies, the diamond's base last.
Test(init_fini_order, diamond_puts_dependents_first) {
  Graph g{"exe", "root", "main", "other", "dep"};
  g.needs("root", {"main", "other"});
  g.needs("main", {"dep"});
  g.needs("other", {"dep"});
  cr_expect_eq(g.order(), "exe root main other dep");
}

// C needs B but was loaded after it: DFS from C places B behind it.
Test(init_fini_order, later_object_goes_before_its_earlier_dependency) {
  Graph g{"exe", "a", "b", "c"};
  g.needs("c", {"b"});
  cr_expect_eq(g.order(), "exe a c b");
}

// Pass 1: DFS(y) follows y's reldep to x (x's DT_NEEDED y is visited):
// [exe y x]. Pass 2 over that, DT_NEEDED only, from the end: x then its
// dependency y: [exe x y]. The static dependency wins over the reldep.
Test(init_fini_order, needed_edges_win_over_relocation_dependencies) {
  Graph g{"exe", "x", "y"};
  g.needs("x", {"y"});
  g.reldeps("y", {"x"});
  cr_expect_eq(g.order(), "exe x y");
}

// ref bound to glob (loaded earlier, through the global scope): ref first.
Test(init_fini_order, relocation_dependency_is_finalized_after_its_user) {
  Graph g{"exe", "glob", "ref", "leaf"};
  g.reldeps("ref", {"glob"});
  cr_expect_eq(g.order(), "exe ref glob leaf");
}

// A root loaded after its dependencies walks its sorted closure (glibc's
// l_initfini [r b a]), not its DT_NEEDED order [a b]: b is placed last.
Test(init_fini_order, dlopen_root_walks_its_sorted_closure) {
  Graph g{"exe", "a", "b", "r"};
  g.needs("r", {"a", "b"});
  g.initfini("r", {"r", "b", "a"});
  cr_expect_eq(g.order(), "exe r a b");
  Graph plain{"exe", "a", "b", "r"};
  plain.needs("r", {"a", "b"});
  cr_expect_eq(plain.order(), "exe r b a");
}

// Nothing reaches the executable through an edge; it stays in front.
Test(init_fini_order, executable_stays_first) {
  Graph g{"exe", "lib"};
  g.needs("lib", {"exe"});
  g.needs("exe", {"lib"});
  cr_expect_eq(g.order(), "exe lib");
}
