// SPDX-License-Identifier: MIT
// PT_DYNAMIC decoding with bounds checks. First collects the raw entries, then
// validates each table against the Image: a hostile object gets an error here,
// never a wild read later.
#include "elf/dynamic.h"

namespace ldr::elf {

namespace {

struct Raw {
  uint64_t strtab = 0, strsz = 0, symtab = 0, syment = 0, gnu_hash = 0, hash = 0;
  uint64_t versym = 0, verdef = 0, verdefnum = 0, verneed = 0, verneednum = 0;
  uint64_t rela = 0, relasz = 0, relaent = 0, relacount = 0;
  uint64_t jmprel = 0, pltrelsz = 0, pltrel = 0;
  uint64_t relr = 0, relrsz = 0, relrent = 0;
  uint64_t init_array = 0, init_arraysz = 0, fini_array = 0, fini_arraysz = 0;
  uint64_t preinit_array = 0, preinit_arraysz = 0;
  uint64_t soname = ~0ULL, rpath = ~0ULL, runpath = ~0ULL;
  bool has_rel = false, has_strtab = false, has_symtab = false;
};

// A table of `count` entries of `size` bytes at vaddr must lie in the image.
bool table_ok(const Image& im, uint64_t vaddr, uint64_t count, uint64_t size) {
  uint64_t bytes;
  if (__builtin_mul_overflow(count, size, &bytes)) return false;
  return im.contains(vaddr, bytes);
}

// Tables are read through typed pointers: each must sit at its type's
// alignment (linkers always place them so; a misaligned one is hostile, and
// vectorized reads may assume the alignment).
constexpr bool misaligned(uint64_t vaddr, uint64_t align) { return (vaddr & (align - 1)) != 0; }

const char* check_verdefs(const Image& im, DynamicInfo* d, uint64_t vaddr, uint64_t count) {
  for (uint64_t i = 0; i < count; ++i) {
    if (misaligned(vaddr, 4)) return "version definition misaligned";
    if (!im.contains(vaddr, sizeof(Elf64_Verdef))) return "version definition out of range";
    const auto* vd = im.at<const Elf64_Verdef>(vaddr);
    if (vd->vd_version != VER_DEF_CURRENT) return "unsupported version of Verdef record";
    if (misaligned(vd->vd_aux, 4)) return "version definition misaligned";
    if (vd->vd_cnt == 0 || !im.contains(vaddr + vd->vd_aux, sizeof(Elf64_Verdaux)))
      return "version definition out of range";
    const auto* aux = im.at<const Elf64_Verdaux>(vaddr + vd->vd_aux);
    if (aux->vda_name >= d->strsz) return "version name out of range";
    if (i + 1 < count && vd->vd_next == 0) return "version definition chain is short";
    vaddr += vd->vd_next;
  }
  return nullptr;
}

const char* check_verneeds(const Image& im, DynamicInfo* d, uint64_t vaddr, uint64_t count) {
  for (uint64_t i = 0; i < count; ++i) {
    if (misaligned(vaddr, 4)) return "version requirement misaligned";
    if (!im.contains(vaddr, sizeof(Elf64_Verneed))) return "version requirement out of range";
    const auto* vn = im.at<const Elf64_Verneed>(vaddr);
    if (vn->vn_version != VER_NEED_CURRENT) return "unsupported version of Verneed record";
    if (vn->vn_file >= d->strsz) return "version requirement file name out of range";
    uint64_t aux = vaddr + vn->vn_aux;
    for (uint32_t j = 0; j < vn->vn_cnt; ++j) {
      if (misaligned(aux, 4)) return "version requirement misaligned";
      if (!im.contains(aux, sizeof(Elf64_Vernaux))) return "version requirement out of range";
      const auto* va = im.at<const Elf64_Vernaux>(aux);
      if (va->vna_name >= d->strsz) return "version name out of range";
      if (j + 1 < vn->vn_cnt && va->vna_next == 0) return "version requirement chain is short";
      aux += va->vna_next;
    }
    if (i + 1 < count && vn->vn_next == 0) return "version requirement chain is short";
    vaddr += vn->vn_next;
  }
  return nullptr;
}

// Bucket statistics for gnu_hash_symbol_count: the highest bucket, whether any
// bucket is at least 2^24 (beyond every valid symbol index), and whether a
// non-empty bucket lies below symoffset.
struct BucketScan {
  uint32_t max = 0;
  bool huge = false, below = false;
};

// Four buckets per step in SSE2 (the x86-64 baseline): libLLVM has ~40 000
// buckets, and a compare-and-branch per bucket was a third of ldr's work at
// the list stop. The maximum and the smallest non-empty bucket are taken
// in single precision (maxps/minps), exact for values below 2^24; `any`
// catches a larger one, which makes the table malformed anyway.
BucketScan scan_buckets(const uint32_t* b, uint32_t n, uint32_t symoffset) {
  typedef int32_t V __attribute__((vector_size(16)));
  typedef float F __attribute__((vector_size(16)));
  constexpr float kEmpty = 33554432.0f;  // 2^25: above every exact value
  V any = {0, 0, 0, 0};
  F mx = {0, 0, 0, 0}, zero = mx, empty = {kEmpty, kEmpty, kEmpty, kEmpty}, mn = empty;
  const uint32_t* p = b;
  for (const uint32_t* end = b + (n & ~3u); p != end; p += 4) {
    V x;
    __builtin_memcpy(&x, p, sizeof x);
    any |= x;
    F xf = __builtin_convertvector(x, F);
    mx = mx > xf ? mx : xf;
    F nz = xf == zero ? empty : xf;  // an empty bucket never counts as the smallest
    mn = mn < nz ? mn : nz;
  }
  BucketScan r;
  uint32_t or_all = 0;
  for (int k = 0; k < 4; ++k) or_all |= static_cast<uint32_t>(any[k]);
  for (const uint32_t* q = p; q != b + n; ++q) or_all |= *q;
  r.huge = (or_all & 0xff000000u) != 0;
  if (r.huge) return r;  // the lanes are not exact: the caller rejects the table
  float lowest = kEmpty;
  for (int k = 0; k < 4; ++k) {
    uint32_t m = static_cast<uint32_t>(mx[k]);
    if (m > r.max) r.max = m;
    if (mn[k] < lowest) lowest = mn[k];
  }
  r.below = lowest < kEmpty && static_cast<uint32_t>(lowest) < symoffset;
  for (; p != b + n; ++p) {  // the last n % 4 buckets
    if (*p > r.max) r.max = *p;
    r.below |= *p != 0 && *p < symoffset;
  }
  return r;
}

}  // namespace

int64_t gnu_hash_symbol_count(const uint32_t* t, uint64_t bytes) {
  if (bytes < 16) return -1;
  uint32_t nbuckets = t[0], symoffset = t[1], bloom_size = t[2], shift = t[3];
  // A bloom shift of 32 or more shifts a 32-bit hash out of range (glibc's
  // x86-64 code takes it modulo 32; linkers write 5 to 10).
  if (nbuckets == 0 || bloom_size == 0 || (bloom_size & (bloom_size - 1)) != 0 || shift >= 32) return -1;
  uint64_t head = 16 + uint64_t{bloom_size} * 8 + uint64_t{nbuckets} * 4;
  if (head > bytes) return -1;
  const uint32_t* buckets = t + 4 + bloom_size * 2;
  BucketScan s = scan_buckets(buckets, nbuckets, symoffset);
  // A bucket of 2^24 or more names a symbol past 0xffffff, which callers
  // reject: report it as malformed here, as the count check would.
  if (s.below || s.huge) return -1;
  uint32_t max = s.max;
  if (max == 0) return symoffset;
  const uint32_t* chain = buckets + nbuckets;
  uint64_t chain_entries = (bytes - head) / 4;
  for (uint64_t i = max - symoffset; i < chain_entries; ++i)
    if ((chain[i] & 1) != 0) return static_cast<int64_t>(symoffset + i + 1);
  return -1;
}

const char* decode_dynamic(const Image& im, uint64_t dyn_vaddr, uint64_t dyn_size,
                           DynamicInfo* d) {
  *d = DynamicInfo{};
  if (!im.contains(dyn_vaddr, dyn_size)) return "dynamic section is outside every loadable segment";
  if (misaligned(dyn_vaddr, 8)) return "dynamic section misaligned";
  auto* dyn = im.at<Elf64_Dyn>(dyn_vaddr);
  uint64_t n = dyn_size / sizeof(Elf64_Dyn);
  d->dynamic = dyn;
  Raw r;
  uint64_t i = 0;
  for (; i < n && dyn[i].d_tag != DT_NULL; ++i) {
    uint64_t v = dyn[i].d_val;
    switch (dyn[i].d_tag) {
      case DT_NEEDED: ++d->needed_count; break;
      case DT_STRTAB: r.strtab = v; r.has_strtab = true; break;
      case DT_STRSZ: r.strsz = v; break;
      case DT_SYMTAB: r.symtab = v; r.has_symtab = true; break;
      case DT_SYMENT: r.syment = v; break;
      case DT_GNU_HASH: r.gnu_hash = v; break;
      case DT_HASH: r.hash = v; break;
      case DT_VERSYM: r.versym = v; break;
      case DT_VERDEF: r.verdef = v; break;
      case DT_VERDEFNUM: r.verdefnum = v; break;
      case DT_VERNEED: r.verneed = v; break;
      case DT_VERNEEDNUM: r.verneednum = v; break;
      case DT_RELA: r.rela = v; break;
      case DT_RELASZ: r.relasz = v; break;
      case DT_RELAENT: r.relaent = v; break;
      case DT_RELACOUNT: r.relacount = v; break;
      case DT_REL: case DT_RELSZ: r.has_rel = true; break;
      case DT_JMPREL: r.jmprel = v; break;
      case DT_PLTRELSZ: r.pltrelsz = v; break;
      case DT_PLTREL: r.pltrel = v; break;
      case DT_RELR: r.relr = v; break;
      case DT_RELRSZ: r.relrsz = v; break;
      case DT_RELRENT: r.relrent = v; break;
      case DT_INIT: d->init = v; break;
      case DT_FINI: d->fini = v; break;
      case DT_INIT_ARRAY: r.init_array = v; break;
      case DT_INIT_ARRAYSZ: r.init_arraysz = v; break;
      case DT_FINI_ARRAY: r.fini_array = v; break;
      case DT_FINI_ARRAYSZ: r.fini_arraysz = v; break;
      case DT_PREINIT_ARRAY: r.preinit_array = v; break;
      case DT_PREINIT_ARRAYSZ: r.preinit_arraysz = v; break;
      case DT_SONAME: r.soname = v; break;
      case DT_RPATH: r.rpath = v; break;
      case DT_RUNPATH: r.runpath = v; break;
      case DT_FLAGS: d->flags = v; break;
      case DT_FLAGS_1: d->flags_1 = v; break;
      case DT_SYMBOLIC: d->symbolic = true; break;
      case DT_TEXTREL: d->textrel = true; break;
      case DT_BIND_NOW: d->bind_now = true; break;
      case DT_DEBUG: d->debug = &dyn[i]; break;
      case DT_TLSDESC_GOT: d->tlsdesc_got = &dyn[i]; break;
      default: break;
    }
  }
  if (i == n) return "dynamic section is not terminated by DT_NULL";
  if ((d->flags & DF_SYMBOLIC) != 0) d->symbolic = true;
  if ((d->flags & DF_TEXTREL) != 0) d->textrel = true;
  if ((d->flags & DF_BIND_NOW) != 0 || (d->flags_1 & DF_1_NOW) != 0) d->bind_now = true;
  if (r.has_rel) return "DT_REL relocations are not supported on x86-64";

  // String table: in range and NUL-terminated, so every in-range offset is a C string.
  if (r.has_strtab) {
    if (r.strsz == 0 || !im.contains(r.strtab, r.strsz)) return "string table out of range";
    d->strtab = im.at<const char>(r.strtab);
    d->strsz = r.strsz;
    if (d->strtab[r.strsz - 1] != '\0') return "string table is not NUL-terminated";
  } else if (d->needed_count != 0 || r.soname != ~0ULL || r.rpath != ~0ULL || r.runpath != ~0ULL) {
    return "object has names but no string table";
  }
  for (uint64_t k = 0; k < i; ++k)
    if (dyn[k].d_tag == DT_NEEDED && dyn[k].d_val >= d->strsz) return "DT_NEEDED name out of range";
  if (r.soname != ~0ULL && (d->soname = d->string_at(r.soname)) == nullptr) return "DT_SONAME out of range";
  if (r.rpath != ~0ULL && (d->rpath = d->string_at(r.rpath)) == nullptr) return "DT_RPATH out of range";
  if (r.runpath != ~0ULL && (d->runpath = d->string_at(r.runpath)) == nullptr) return "DT_RUNPATH out of range";

  // Hash tables give the symbol count that bounds every symbol index.
  if (r.hash != 0) {
    if (misaligned(r.hash, 4)) return "hash table misaligned";
    if (!table_ok(im, r.hash, 2, 4)) return "hash table out of range";
    const auto* h = im.at<const uint32_t>(r.hash);
    if (!table_ok(im, r.hash, 2 + uint64_t{h[0]} + h[1], 4)) return "hash table out of range";
    d->sysv_hash = h;
    d->sym_count = h[1];
  }
  if (r.gnu_hash != 0) {
    if (misaligned(r.gnu_hash, 8)) return "GNU hash table misaligned";
    if (!im.contains(r.gnu_hash, 16)) return "GNU hash table out of range";
    const auto* h = im.at<const uint32_t>(r.gnu_hash);
    int64_t count = gnu_hash_symbol_count(h, im.hi - r.gnu_hash);
    if (count < 0 || count > 0xffffff) return "GNU hash table is malformed";
    d->gnu_hash = h;
    d->gnu_count = static_cast<uint32_t>(count);
    if (count > d->sym_count) d->sym_count = static_cast<uint32_t>(count);
  }
  if (r.has_symtab) {
    if (r.syment != 0 && r.syment != sizeof(Elf64_Sym)) return "unexpected DT_SYMENT";
    if (d->strtab == nullptr) return "symbol table without a string table";
    if (misaligned(r.symtab, 8)) return "symbol table misaligned";
    if (!table_ok(im, r.symtab, d->sym_count, sizeof(Elf64_Sym))) return "symbol table out of range";
    d->symtab = im.at<const Elf64_Sym>(r.symtab);
    // Symbol names (st_name) are not checked here: streaming a whole table
    // cost node's start 1.8 MB of reads (75 000 symbols) for the few hundred
    // a start looks at. Each reader checks the offset it uses (DynamicInfo).
    // Undefined symbols may lie beyond what the hash tables reach. Bound
    // them by the string table that conventionally follows, else the image.
    uint64_t end = r.strtab > r.symtab ? r.strtab : im.hi;
    uint64_t limit = (end - r.symtab) / sizeof(Elf64_Sym);
    d->sym_limit = static_cast<uint32_t>(limit < d->sym_count ? d->sym_count : limit > 0xffffff ? 0xffffff : limit);
    if (!table_ok(im, r.symtab, d->sym_limit, sizeof(Elf64_Sym))) d->sym_limit = d->sym_count;
  } else if (d->sysv_hash != nullptr || d->gnu_hash != nullptr) {
    return "hash table without a symbol table";  // lookups would index a table that is not there
  } else {
    d->sym_count = 0;
  }
  if (r.versym != 0) {
    if (misaligned(r.versym, 2)) return "version symbol table misaligned";
    if (!table_ok(im, r.versym, d->sym_count, 2)) return "version symbol table out of range";
    d->versym = im.at<const Elf64_Half>(r.versym);
    uint64_t readable = (im.hi - r.versym) / 2;
    if (readable < d->sym_limit) d->sym_limit = static_cast<uint32_t>(readable);
  }
  if (r.verdef != 0) {
    if (r.verdefnum > 0x7fff) return "too many version definitions";
    if (const char* e = check_verdefs(im, d, r.verdef, r.verdefnum)) return e;
    d->verdef = im.at<const Elf64_Verdef>(r.verdef);
    d->verdef_count = static_cast<uint32_t>(r.verdefnum);
  }
  if (r.verneed != 0) {
    if (r.verneednum > 0x7fff) return "too many version requirements";
    if (const char* e = check_verneeds(im, d, r.verneed, r.verneednum)) return e;
    d->verneed = im.at<const Elf64_Verneed>(r.verneed);
    d->verneed_count = static_cast<uint32_t>(r.verneednum);
  }

  // Relocation tables.
  if (r.relaent != 0 && r.relaent != sizeof(Elf64_Rela)) return "unexpected DT_RELAENT";
  // No DT_RELA is address 0, outside an ET_EXEC's image: check only a real table.
  if (r.relasz % sizeof(Elf64_Rela) != 0 || (r.relasz != 0 && !im.contains(r.rela, r.relasz)))
    return "relocation table out of range";
  if (r.relasz != 0) {
    if (misaligned(r.rela, 8)) return "relocation table misaligned";
    d->rela = im.at<const Elf64_Rela>(r.rela);
    d->rela_count = r.relasz / sizeof(Elf64_Rela);
    d->relative_count = r.relacount <= d->rela_count ? r.relacount : 0;
  }
  if (r.pltrelsz != 0) {
    if (r.pltrel != DT_RELA) return "DT_PLTREL is not DT_RELA";
    if (r.pltrelsz % sizeof(Elf64_Rela) != 0 || !im.contains(r.jmprel, r.pltrelsz))
      return "PLT relocation table out of range";
    if (misaligned(r.jmprel, 8)) return "PLT relocation table misaligned";
    d->jmprel = im.at<const Elf64_Rela>(r.jmprel);
    d->jmprel_count = r.pltrelsz / sizeof(Elf64_Rela);
  }
  if (r.relrsz != 0) {
    if (r.relrent != 0 && r.relrent != 8) return "unexpected DT_RELRENT";
    if (r.relrsz % 8 != 0 || !im.contains(r.relr, r.relrsz)) return "RELR table out of range";
    if (misaligned(r.relr, 8)) return "RELR table misaligned";
    d->relr = im.at<const uint64_t>(r.relr);
    d->relr_count = r.relrsz / 8;
  }

  // Initializer and finalizer arrays.
  struct Arr { uint64_t vaddr, size; const uint64_t** out; uint64_t* count; };
  Arr arrays[] = {{r.init_array, r.init_arraysz, &d->init_array, &d->init_array_count},
                  {r.fini_array, r.fini_arraysz, &d->fini_array, &d->fini_array_count},
                  {r.preinit_array, r.preinit_arraysz, &d->preinit_array, &d->preinit_array_count}};
  for (Arr& a : arrays) {
    if (a.size == 0) continue;
    if (a.size % 8 != 0 || !im.contains(a.vaddr, a.size)) return "initializer array out of range";
    if (misaligned(a.vaddr, 8)) return "initializer array misaligned";
    *a.out = im.at<const uint64_t>(a.vaddr);
    *a.count = a.size / 8;
  }
  if (d->init != 0 && !im.contains(d->init, 1)) return "DT_INIT out of range";
  if (d->fini != 0 && !im.contains(d->fini, 1)) return "DT_FINI out of range";
  return nullptr;
}

bool has_canonical_plt(const DynamicInfo& d) {
  // A lookup sees only what the table it uses reaches: with a GNU table
  // (preferred when both exist), the symbols from symoffset on (the
  // undefined ones linkers put before it are never candidates); with only a
  // SysV table, all.
  uint32_t first = d.gnu_hash != nullptr ? d.gnu_hash[1] : 0;
  uint32_t end = d.gnu_hash != nullptr ? d.gnu_count : d.sym_count;
  for (uint32_t s = first; s < end; ++s)
    if (d.symtab[s].st_shndx == SHN_UNDEF && d.symtab[s].st_value != 0) return true;
  return false;
}

}  // namespace ldr::elf
