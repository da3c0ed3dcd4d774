/* SPDX-License-Identifier: MIT */
/* The ldr library cache file (/etc/ldr.so.cache): header, hash buckets,
 * entries, directories, extensions. Shared by the loader's reader
 * (ldr/cache/), ldr-cache (the writer) and anyone else reading the file; C
 * and C++, freestanding (only <stdint.h>), data only. Specified in
 * docs/cache.md. All integers little-endian; every offset is from the start
 * of the file; readers validate every offset and count before use. */
#ifndef LDR_CACHE_FORMAT_H
#define LDR_CACHE_FORMAT_H

#include <stdint.h>

#define LDR_CACHE_MAGIC "LDRCACHE" /* 8 bytes, no NUL */
#define LDR_CACHE_MAGIC_SIZE 8u
#define LDR_CACHE_MAJOR 1u /* readers reject another major */
#define LDR_CACHE_MINOR 0u /* readers accept a higher minor */
#define LDR_CACHE_BYTE_ORDER_LE 1u
#define LDR_CACHE_ELFCLASS64 2u
#define LDR_CACHE_EM_X86_64 62u

/* ldr_cache_header.flags */
#define LDR_CACHE_F_HAS_STAT 0x1u     /* entries carry ino/size/mtime */
#define LDR_CACHE_F_REPRODUCIBLE 0x2u /* generated_ns from SOURCE_DATE_EPOCH or 0 */

/* The header: 128 bytes at offset 0. */
struct ldr_cache_header {
  char magic[8];          /* "LDRCACHE" */
  uint16_t major;         /* LDR_CACHE_MAJOR */
  uint16_t minor;         /* LDR_CACHE_MINOR */
  uint8_t byte_order;     /* LDR_CACHE_BYTE_ORDER_LE */
  uint8_t elf_class;      /* LDR_CACHE_ELFCLASS64 */
  uint16_t machine;       /* e_machine of every entry: LDR_CACHE_EM_X86_64 */
  uint32_t header_size;   /* sizeof(struct ldr_cache_header) = 128 */
  uint32_t flags;         /* LDR_CACHE_F_* */
  uint64_t file_size;     /* the whole file: catches truncation and appended bytes */
  uint64_t hash_seed;     /* XXH3-64 seed of the soname hashes: 0 in format 1 */
  uint64_t checksum;      /* XXH3-64 (seed 0) of the whole file with this field zero */
  uint32_t bucket_count;  /* a power of two, >= 1 */
  uint32_t entry_count;
  uint32_t dir_count;
  uint32_t string_size;   /* bytes of the string pool, its last byte NUL */
  uint64_t buckets_offset;    /* uint32_t start[bucket_count + 1], 8-aligned */
  uint64_t entries_offset;    /* struct ldr_cache_entry[entry_count], 8-aligned */
  uint64_t dirs_offset;       /* struct ldr_cache_dir[dir_count], 8-aligned */
  uint64_t strings_offset;    /* the string pool */
  uint64_t extension_offset;  /* struct ldr_cache_ext_header, 8-aligned; 0: none */
  uint64_t config_hash;   /* XXH3-64 over (path NUL contents NUL) of every config file read */
  uint64_t generated_ns;  /* SOURCE_DATE_EPOCH in ns, or 0 */
  uint64_t reserved;      /* 0 */
};

/* Buckets, CSR form: bucket b (= hash & (bucket_count - 1)) holds entries
 * [start[b], start[b + 1]); start[0] == 0, non-decreasing,
 * start[bucket_count] == entry_count. Within a bucket the entries of one
 * soname are adjacent, in search order. */

/* ldr_cache_entry.flags: the low 16 bits are glibc's ld.so.cache entry flags
 * (type | ABI), so both caches print the same words. */
#define LDR_CACHE_FLAG_ELF_LIBC6 0x0003u     /* glibc FLAG_ELF_LIBC6 */
#define LDR_CACHE_FLAG_X8664_LIB64 0x0300u   /* glibc FLAG_X8664_LIB64 */
#define LDR_CACHE_FLAG_GLIBC_MASK 0xffffu
#define LDR_CACHE_FLAG_HAS_VERSION 0x10000u  /* version/revision from NT_LDR_LIBVERSION */
#define LDR_CACHE_FLAG_TRUSTED_DIR 0x20000u  /* in a system (trusted) directory */
#define LDR_CACHE_FLAG_HAS_REQUIRE 0x40000u  /* the object carries NT_LDR_REQUIRE notes */

/* One candidate for one soname: 56 bytes. */
struct ldr_cache_entry {
  uint64_t hash;          /* XXH3-64 of the soname (without NUL), seed hash_seed */
  uint32_t soname_offset; /* into the string pool */
  uint32_t path_offset;   /* absolute path the loader opens, into the string pool */
  uint32_t version;       /* meaningful with LDR_CACHE_FLAG_HAS_VERSION */
  uint32_t revision;
  uint32_t flags;         /* LDR_CACHE_FLAG_* */
  uint16_t dir_index;     /* < dir_count */
  uint8_t hwcap_level;    /* 2, 3, 4: from a glibc-hwcaps/x86-64-vN subdirectory; 0 otherwise */
  uint8_t reserved;       /* 0 */
  uint64_t st_ino;        /* of the file the path names (symlinks followed) */
  uint64_t st_size;
  uint64_t st_mtime_ns;
};

/* ldr_cache_dir.flags */
#define LDR_CACHE_DIR_TRUSTED 0x1u /* a system directory (LDR_SYSTEM_DIRS) */
#define LDR_CACHE_DIR_CMDLINE 0x2u /* given on ldr-cache's command line */
#define LDR_CACHE_DIR_CONF 0x4u    /* from a configuration file */

/* One scanned directory, in search order: 40 bytes. */
struct ldr_cache_dir {
  uint32_t path_offset;  /* into the string pool */
  uint32_t flags;        /* LDR_CACHE_DIR_* */
  uint32_t conf_offset;  /* configuration file naming it (string pool), "<builtin>" or "<cmdline>" */
  uint32_t conf_line;    /* its line there, 0 for builtin/cmdline */
  uint64_t st_dev;
  uint64_t st_ino;
  uint64_t st_mtime_ns;  /* changes when a file is added, removed or renamed */
};

/* Extension directory, as glibc's: a header then `count` records. */
#define LDR_CACHE_EXT_MAGIC 0x4c445245u /* "ERDL" little-endian bytes */
#define LDR_CACHE_EXT_GENERATOR 0u      /* string: "ldr-cache X.Y.Z" */
#define LDR_CACHE_EXT_COMMAND 1u        /* reserved: the regenerating command line */

struct ldr_cache_ext_header {
  uint32_t magic;  /* LDR_CACHE_EXT_MAGIC */
  uint32_t count;
};

struct ldr_cache_ext {
  uint32_t tag;    /* LDR_CACHE_EXT_* ; unknown tags are skipped */
  uint32_t flags;  /* 0 */
  uint64_t offset; /* from the start of the file */
  uint64_t size;   /* bytes */
};

#ifdef __cplusplus
static_assert(sizeof(struct ldr_cache_header) == 128, "cache header layout");
static_assert(sizeof(struct ldr_cache_entry) == 56, "cache entry layout");
static_assert(sizeof(struct ldr_cache_dir) == 40, "cache directory layout");
static_assert(sizeof(struct ldr_cache_ext) == 24, "cache extension layout");
#else
_Static_assert(sizeof(struct ldr_cache_header) == 128, "cache header layout");
_Static_assert(sizeof(struct ldr_cache_entry) == 56, "cache entry layout");
_Static_assert(sizeof(struct ldr_cache_dir) == 40, "cache directory layout");
_Static_assert(sizeof(struct ldr_cache_ext) == 24, "cache extension layout");
#endif

#endif /* LDR_CACHE_FORMAT_H */
