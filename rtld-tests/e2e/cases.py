# SPDX-License-Identifier: MIT
# The e2e case table: which program each case runs, how (modes, loader
# options, arguments, environment), what the fixture must contain, and
# whether glibc's ld.so is expected to differ (and why).
from dataclasses import dataclass, field

# interp: NAME.ldr (PT_INTERP = ldr); patched: NAME.patched (patchelf);
# direct: `ldr ./NAME`; glibc: `/lib64/ld-linux-x86-64.so.2 ./NAME`.
ALL = ('interp', 'patched', 'direct', 'glibc')
DIRECT = ('direct', 'glibc')


@dataclass
class Case:
    prog: str                       # program in the e2e build dir, or a path with {build}/{src}
    args: tuple = ()
    modes: tuple = ALL
    opts: tuple = ()                # loader options before the program (direct, glibc)
    env: dict = field(default_factory=dict)
    cwd: str = '{build}'
    absolute: bool = False          # name the program by its absolute path
    elf_program: bool = True        # check PT_INTERP of each variant before running
    glibc_differs: str = ''         # reason; glibc is compared with golden/<case>.glibc.txt
    glibc_skip_finalizer: bool = True
    requires: tuple = ()            # (file, regex) `readelf -hlrdVW --dyn-syms file` must match


AT_BASE_DIFFERS = ("glibc's ld.so run as a command leaves the kernel's AT_BASE (0); ldr "
                   "sets it to its own base so the program sees the same auxv either way")

LDR_API_UNDER_GLIBC = ("the program needs ld-linux-x86-64.so.2's version node LDR_1, which only "
                       "ldr defines: glibc's ld.so refuses to start it")

CASES = {
    # --- Executable types and symbol binding -------------------------------
    'pie_executable_runs': Case(
        'main_pie', args=('one',), requires=(('main_pie', r'Type:\s+DYN'),)),
    'et_exec_executable_runs': Case(
        'main_exec', args=('one',), requires=(('main_exec', r'Type:\s+EXEC'),)),
    'copy_relocation_shares_library_data': Case(
        'main_copy', requires=(('main_copy', r'R_X86_64_COPY\s.*lib_counter'),
                               ('main_copy', r'Type:\s+EXEC'))),
    'ifunc_exported_and_local_resolve': Case(
        'main_ifunc', requires=(('link/libifunc.so', r'IFUNC\s+GLOBAL\s+DEFAULT\s+\d+\s+lib_pick'),
                                ('link/libifunc.so', r'R_X86_64_IRELATIVE'),
                                ('main_ifunc', r'R_X86_64_IRELATIVE'),
                                ('main_ifunc', r'R_X86_64_64\s.*lib_pick'),
                                ('main_ifunc', r'IFUNC\s+GLOBAL\s+DEFAULT\s+\d+\s+exe_exported_pick'),
                                ('link/libifunc.so', r'R_X86_64_JUMP_SLO.*exe_exported_pick'))),
    'library_takes_address_of_executable_ifunc': Case(
        'main_ifunc_ref', requires=(('link/libifunc_ref.so', r'R_X86_64_GLOB_DAT\s.*exe_ifunc'),
                                    ('main_ifunc_ref', r'IFUNC\s+GLOBAL\s+DEFAULT\s+\d+\s+exe_ifunc'))),
    'weak_undefined_resolves_to_zero': Case(
        'main_weak', requires=(('link/libweak.so', r'R_X86_64_GLOB_DAT\s.*absent_function'),
                               ('link/libweak.so', r'R_X86_64_GLOB_DAT\s.*absent_object'))),
    'executable_interposes_library_function': Case(
        'main_interpose', requires=(('link/libinterpose.so', r'PROTECTED\s+\d+\s+pwho'),
                                    ('link/libinterpose.so', r'R_X86_64_JUMP_SLO.*\swho'))),

    'dt_symbolic_library_binds_to_itself_first': Case(
        'main_symbolic', requires=(('link/symbolic/libinterpose.so', r'\(SYMBOLIC\)'),
                                   ('link/symbolic/libinterpose.so', r'R_X86_64_JUMP_SLO.*\swho'))),
    'ld_preload_interposes_library_function': Case(
        'main_pie', env={'LD_PRELOAD': '{build}/link/libpreload.so'}),
    'preload_option_interposes_library_function': Case(
        'main_pie', modes=DIRECT, opts=('--preload', '{build}/link/libpreload.so')),
    'missing_preload_is_reported_and_ignored': Case(
        'main_pie', env={'LD_PRELOAD': '/nonexistent/libnothere.so'}),

    # --- TLS ----------------------------------------------------------------
    'tls_local_exec_in_executable': Case(
        'main_tls_le', requires=(('main_tls_le', r'\bTLS\s+0x'),)),
    'tls_initial_exec_and_tlsdesc_agree_across_objects': Case(
        'main_tls', requires=(('tls/libtls_desc.so', r'R_X86_64_TLSDESC\s.*ie_var'),
                              ('tls/libtls_desc.so', r'R_X86_64_TLSDESC\s'),
                              ('tls/libtls_ie_user.so', r'R_X86_64_TPOFF64\s.*ie_var'),
                              ('tls/libtls_ie.so', r'STATIC_TLS'),
                              ('main_tls', r'R_X86_64_TPOFF64\s.*desc_var'))),
    'tls_general_dynamic_through_tls_get_addr': Case(
        'main_tls_gd', requires=(('tls/libtls_gd.so', r'R_X86_64_DTPMOD64\s.*gd_var'),
                                 ('tls/libtls_gd.so', r'__tls_get_addr'),
                                 ('tls/libtls_gd.so', r'NEEDED.*ld-linux-x86-64\.so\.2')),
        glibc_differs="glibc 2.36's ld.so, once a DT_NEEDED names it, re-relocates itself and "
                      "needs libc.so.6 (calloc/malloc, pthread_mutex_lock): without a libc it "
                      "fails with 'undefined symbol: calloc'"),

    # --- RELR ---------------------------------------------------------------
    'relr_relocations_applied': Case(
        'main_relr', requires=(('relr/librelr.so', r'\(RELR\)'), ('main_relr', r'\(RELR\)'))),

    # --- Symbol versioning --------------------------------------------------
    'old_binary_gets_old_symbol_version': Case(
        'main_ver_old', requires=(('main_ver_old', r'Name: VERS_1'),
                                  ('version/new/libver.so.1', r'ver_func@VERS_1'),
                                  ('version/new/libver.so.1', r'ver_func@@VERS_2'))),
    'new_binary_gets_default_symbol_version': Case(
        'main_ver_new', requires=(('main_ver_new', r'Name: VERS_2'),)),
    'missing_version_node_is_fatal': Case(
        'main_ver_missing', requires=(('main_ver_missing', r'Name: VERS_2'),),
        glibc_differs='glibc exits with status 1 for a missing version node; '
                      'ldr uses 127 like every other load failure (as the issue asks)'),

    # --- Load failures ------------------------------------------------------
    'missing_library_is_fatal': Case('main_missing_lib'),
    'missing_symbol_is_fatal_at_startup': Case(
        'main_missing_sym', requires=(('main_missing_sym', r'\(FLAGS\).*BIND_NOW'),)),
    'missing_symbol_lazy_call': Case(
        'main_missing_sym_lazy', requires=(('main_missing_sym_lazy', r'R_X86_64_JUMP_SLO.*sym_vanishing'),),
        glibc_differs='glibc binds PLT entries lazily and fails at the first call, after '
                      'the program printed; ldr binds everything at start-up'),

    # --- Search order -------------------------------------------------------
    'rpath_serves_transitive_dependencies': Case(
        'main_rpath', requires=(('main_rpath', r'\(RPATH\)'),)),
    'runpath_serves_only_direct_dependencies': Case(
        'main_runpath', requires=(('main_runpath', r'\(RUNPATH\)'),)),
    'origin_is_program_directory_not_cwd': Case(
        'main_origin', cwd='/', absolute=True,
        requires=(('main_origin', r'\$ORIGIN/search/origin_libs'),)),
    'runpath_used_without_library_path': Case('main_llp_runpath'),
    'ld_library_path_precedes_runpath': Case(
        'main_llp_runpath', env={'LD_LIBRARY_PATH': '{build}/search/lp'}),
    'rpath_precedes_ld_library_path': Case(
        'main_llp_rpath', env={'LD_LIBRARY_PATH': '{build}/search/lp'},
        requires=(('main_llp_rpath', r'\(RPATH\)'),)),
    'ld_library_path_finds_unlisted_library': Case(
        'main_missing_lib', env={'LD_LIBRARY_PATH': '/nonexistent:{build}/errors/gone'}),
    # glibc expands LD_LIBRARY_PATH's tokens for the program (_dl_init_paths).
    'ld_library_path_expands_origin_of_the_program': Case(
        'main_missing_lib', cwd='/', absolute=True, env={'LD_LIBRARY_PATH': '/nonexistent:$ORIGIN/errors/gone'}),
    # A preload is loaded for the program (glibc's do_preload): $ORIGIN is its directory.
    'ld_preload_expands_origin_of_the_program': Case(
        'main_missing_lib', env={'LD_PRELOAD': '$ORIGIN/errors/gone/libgone.so'}),
    # A directory longer than the search's first path buffer (512 bytes).
    'ld_library_path_element_longer_than_512_bytes': Case(
        'main_missing_lib', env={'LD_LIBRARY_PATH': '/nonexistent:{build}/errors/' + './' * 300 + 'gone'}),
    'library_path_option_finds_unlisted_library': Case(
        'main_missing_lib', modes=DIRECT, opts=('--library-path', '{build}/errors/gone')),
    'library_path_option_replaces_ld_library_path': Case(
        'main_llp_runpath', modes=DIRECT, opts=('--library-path', '{build}/search/lp'),
        env={'LD_LIBRARY_PATH': '{build}/search/rp'}),

    # --- Dependency graph, listing, initializers ----------------------------
    'diamond_dependency_loaded_once': Case('main_diamond'),
    'diamond_list_shows_each_object_once': Case('main_diamond', modes=DIRECT, opts=('--list',)),
    'trace_env_lists_missing_library_as_not_found': Case(
        'main_missing_lib', env={'LD_TRACE_LOADED_OBJECTS': '1'}),
    'trace_env_lists_diamond_once': Case('main_diamond', env={'LD_TRACE_LOADED_OBJECTS': '1'}),
    # Like glibc 2.36, --list (unlike LD_TRACE_LOADED_OBJECTS) stops at a missing library.
    'list_option_fails_on_missing_library': Case('main_missing_lib', modes=DIRECT, opts=('--list',)),
    'init_and_fini_order_across_libraries': Case(
        'main_init_order', args=('x',),
        glibc_differs="the program's own constructor is libc's job under glibc, so ld.so "
                      "skips it; and glibc 2.36's _dl_fini asserts on libc-free programs, so "
                      "its run skips the finalizer (RT_SKIP_FINALIZER)"),
    'initfirst_library_is_initialized_first': Case(
        'main_initfirst', requires=(('order/libinit_first.so', r'Flags: INITFIRST'),),
        glibc_differs="glibc 2.36's _dl_fini asserts on libc-free programs, so its run skips "
                      "the finalizer (RT_SKIP_FINALIZER)"),

    # --- What the program sees ----------------------------------------------
    'argv_envp_auxv_seen_by_pie': Case(
        'main_auxv', args=('one', 'two words'), env={'E2E_A': '1', 'E2E_B': 'two'},
        glibc_skip_finalizer=False, glibc_differs=AT_BASE_DIFFERS),
    'argv_envp_auxv_seen_by_et_exec': Case(
        'main_auxv_exec', args=('one',), env={'E2E_A': '1'}, glibc_skip_finalizer=False,
        glibc_differs=AT_BASE_DIFFERS, requires=(('main_auxv_exec', r'Type:\s+EXEC'),)),
    'argv0_option_sets_argv0': Case('main_args', args=('x',), modes=DIRECT,
                                    opts=('--argv0', 'renamed')),
    'verify_program_exits_0': Case('main_pie', modes=DIRECT, opts=('--verify',)),
    'verify_library_exits_2': Case('link/libdep_basic.so', modes=DIRECT, opts=('--verify',),
                                   elf_program=False),
    'verify_non_elf_exits_1': Case('{src}/startup/not_elf.txt', modes=DIRECT, opts=('--verify',),
                                   elf_program=False),

    # --- Unloading and the ldr_* API (programs linked against ldr) ------------
    'ldr_close_library_unloads_library_and_dependency': Case(
        'main_unload', glibc_differs=LDR_API_UNDER_GLIBC,
        requires=(('main_unload', r'NEEDED.*\[ld-linux-x86-64\.so\.2\]'),
                  ('main_unload', r'Name: LDR_1'),
                  ('unload/libunl_top.so', r'NEEDED.*libunl_bottom\.so'))),
    'ldr_open_library_negotiates_the_version': Case(
        'main_api', glibc_differs=LDR_API_UNDER_GLIBC,
        requires=(('main_api', r'Name: LDR_1'),
                  ('unload/v23/libapi.so.1', r'SONAME.*libapi\.so\.1'))),
}
