// SPDX-License-Identifier: MIT
// Filling glibc's struct link_map for each module (glibc-abi.md §6): the
// fields libc, libthread_db and gdb read, the l_info[] table, the .dynamic
// pointer rewrite glibc performs, and the namespace list in _rtld_global.
#include "glibc/link_map.h"

#include "elf/hash.h"
#include "elf/types.h"
#include "glibc/layout.h"
#include "module/module.h"
#include "runtime.h"
#include "search/search.h"

namespace ldr::glibc {

namespace {

namespace LM = L::link_map;

// glibc's l_info index for a dynamic tag (sysdeps/generic/ldsodefs.h), or -1.
int info_index(int64_t tag) {
  if (tag >= 0 && tag < elf::DT_NUM) return static_cast<int>(tag);
  if (tag >= 0x6ffffff0 && tag <= 0x6fffffff) return static_cast<int>(elf::DT_NUM + (0x6fffffff - tag));  // VERSYMIDX
  if (tag == 0x7ffffffd || tag == 0x7fffffff) return static_cast<int>(54 + (0x7fffffff - tag) / 2);          // DT_AUXILIARY, DT_FILTER
  if (tag >= 0x6ffffd00 && tag <= 0x6ffffdff) return static_cast<int>(57 + (0x6ffffdff - tag));              // VALIDX
  if (tag >= 0x6ffffe00 && tag <= 0x6ffffeff) return static_cast<int>(69 + (0x6ffffeff - tag));              // ADDRIDX
  return -1;
}

// glibc's get-dynamic-info.h adds l_addr to these d_ptr values in place.
bool is_rebased_tag(int64_t tag) {
  switch (tag) {
    case elf::DT_HASH: case elf::DT_PLTGOT: case elf::DT_STRTAB: case elf::DT_SYMTAB:
    case elf::DT_RELA: case elf::DT_REL: case elf::DT_JMPREL: case elf::DT_VERSYM:
    case elf::DT_GNU_HASH: case elf::DT_RELR:
      return true;
    default:
      return false;
  }
}

void fill_hash_fields(unsigned char* lm, const Module& m) {
  const elf::DynamicInfo& d = m.dyn;
  if (d.gnu_hash != nullptr) {
    elf::GnuHashView t(d.gnu_hash);
    put<uint32_t>(lm, LM::l_nbuckets, t.nbuckets);
    put<uint32_t>(lm, LM::l_gnu_bitmask_idxbits, t.bloom_size - 1);
    put<uint32_t>(lm, LM::l_gnu_shift, t.shift);
    put<const void*>(lm, LM::l_gnu_bitmask, t.bloom);
    put<const void*>(lm, LM::l_gnu_buckets, t.buckets);
    put<const void*>(lm, LM::l_gnu_chain_zero, t.chain - t.symoffset);
  } else if (d.sysv_hash != nullptr) {
    put<uint32_t>(lm, LM::l_nbuckets, d.sysv_hash[0]);
    put<const void*>(lm, LM::l_buckets, d.sysv_hash + 2);
    put<const void*>(lm, LM::l_chain, d.sysv_hash + 2 + d.sysv_hash[0]);
  }
}

}  // namespace

bool fill_link_maps(Runtime& rt, Diag& diag) {
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (!m->missing && !fill_link_map(rt, diag, m)) return false;
  return true;
}

bool fill_link_map(Runtime& rt, Diag& diag, Module* m) {
  static uint64_t serial = 0;
  {
    auto* lm = reinterpret_cast<unsigned char*>(m->link_map);
    put<void*>(lm, LM::l_real, lm);
    put<int64_t>(lm, LM::l_ns, m->ns);
    auto* name = static_cast<unsigned char*>(rt.arena.allocate(L::libname_list::kSize, 8));
    if (name == nullptr) {
      diag.fail(kOccasionLoad, m->display_name(), {"cannot allocate name record"});
      return false;
    }
    put<const char*>(name, L::libname_list::name, m->name);
    put<int>(name, L::libname_list::dont_free, 1);
    put<void*>(lm, LM::l_libname, name);
    if (m->proxy_of != nullptr) {
      // ldr in another namespace: glibc's copy of ld.so's map, l_real the
      // real one (dl_iterate_phdr reports through it), l_addr and l_ld
      // copied (publish_link_maps), nothing else of its own: no map range.
      put<void*>(lm, LM::l_real, m->proxy_of->link_map);
      put<const void*>(lm, LM::l_phdr, m->phdr);
      put<uint16_t>(lm, LM::l_phnum, m->phnum);
      L::store_bits(lm, LM::l_type, static_cast<uint64_t>(L::enums::lt_loaded));
      return true;
    }
    // l_info[] points at the entries of .dynamic; pointers are then rebased
    // in place like glibc, unless the section is read-only (the vDSO).
    bool readonly = m->kind == ModuleKind::kVdso;
    if (m->dyn.dynamic != nullptr) {
      for (auto* d = const_cast<elf::Elf64_Dyn*>(m->dyn.dynamic); d->d_tag != elf::DT_NULL; ++d) {
        int idx = info_index(d->d_tag);
        if (idx >= 0 && idx < static_cast<int>(LM::l_info.count))
          ptr<void*>(lm, LM::l_info)[idx] = d;
        if (!readonly && m->image.bias != 0 && is_rebased_tag(d->d_tag)) d->d_val += m->image.bias;
      }
    }
    put<const void*>(lm, LM::l_phdr, m->phdr);
    put<uint64_t>(lm, LM::l_entry, m->entry);
    put<uint16_t>(lm, LM::l_phnum, m->phnum);
    put<void*>(lm, LM::l_loader, m->loader != nullptr ? m->loader->link_map : nullptr);
    fill_hash_fields(lm, *m);
    put<const void*>(lm, LM::l_versyms, m->dyn.versym);
    const char* origin = module_origin(rt, m);
    put<const char*>(lm, LM::l_origin, origin != nullptr ? origin : reinterpret_cast<const char*>(-1));
    uint64_t map_start = m->map_start != 0 ? m->map_start : m->image.bias + m->image.lo;
    put<uint64_t>(lm, LM::l_map_start, map_start);
    put<uint64_t>(lm, LM::l_map_end, m->image.bias + m->image.hi);
    put<uint64_t>(lm, LM::l_text_end, m->image.bias + m->image.hi);
    put<uint32_t>(lm, LM::l_flags_1, static_cast<uint32_t>(m->dyn.flags_1));
    put<uint64_t>(lm, LM::l_relro_addr, m->relro_start != 0 ? m->relro_start - m->image.bias : 0);
    put<uint64_t>(lm, LM::l_relro_size, m->relro_size);
    put<uint64_t>(lm, LM::l_file_id__dev, m->dev);
    put<uint64_t>(lm, LM::l_file_id__ino, m->ino);
    put<uint64_t>(lm, LM::l_serial, serial++);
    L::store_bits(lm, LM::l_type, static_cast<uint64_t>(m->is_executable() ? L::enums::lt_executable
                                                        : m->dynamic       ? L::enums::lt_loaded
                                                                           : L::enums::lt_library));
    // glibc 2.36 sets l_main_map only when ld.so was run as a command (rtld.c).
    L::store_bits(lm, LM::l_main_map, m->is_executable() && rt.options.direct ? 1 : 0);
    L::store_bits(lm, LM::l_contiguous, 1);
    L::store_bits(lm, LM::l_ld_readonly, readonly ? 1 : 0);
    L::store_bits(lm, LM::l_global, m->kind != ModuleKind::kVdso ? 1 : 0);
  }
  return true;
}

void mark_link_map_relocated(Module* m) {
  auto* lm = reinterpret_cast<unsigned char*>(m->link_map);
  L::store_bits(lm, LM::l_relocated, 1);
  // glibc marks every initial object, the executable included, as initialized.
  L::store_bits(lm, LM::l_init_called, 1);
}

void fill_link_map_tls(const Runtime& rt) {
  for (Module* m = rt.first; m != nullptr; m = m->next) {
    if (m->missing || m->tls.module_id == 0) continue;
    auto* lm = reinterpret_cast<unsigned char*>(m->link_map);
    put<const void*>(lm, LM::l_tls_initimage, m->tls.init_image);
    put<uint64_t>(lm, LM::l_tls_initimage_size, m->tls.init_size);
    put<uint64_t>(lm, LM::l_tls_blocksize, m->tls.size);
    put<uint64_t>(lm, LM::l_tls_align, m->tls.align);
    put<uint64_t>(lm, LM::l_tls_firstbyte_offset, m->tls.first_byte);
    put<int64_t>(lm, LM::l_tls_offset, m->tls.tp_offset);
    put<uint64_t>(lm, LM::l_tls_modid, m->tls.module_id);
  }
}

void mark_link_maps_relocated(const Runtime& rt) {
  for (Module* m = rt.first; m != nullptr; m = m->next)
    if (!m->missing) mark_link_map_relocated(m);
}

}  // namespace ldr::glibc
