# SPDX-License-Identifier: MIT
# Shared by the glibc-layout Python tests: runs glibc-layout-dump and parses
# its tab-separated lines. No checks here.
import subprocess


def load(dump_exe):
    out = subprocess.run([dump_exe], check=True, capture_output=True, text=True).stdout
    model = {'objects': {}, 'structs': {}, 'tunables': []}
    for line in out.splitlines():
        f = line.split('\t')
        if f[0] == 'version':
            model['version'], model['package'] = f[1], f[2]
        elif f[0] == 'object':
            model['objects'][f[1]] = {'path': f[2], 'debug': f[3], 'build_id': f[4]}
        elif f[0] == 'struct':
            model['structs'][f[1]] = {'c_type': f[2], 'source': f[3], 'debug': f[4], 'size': int(f[5]),
                                      'align': int(f[6]), 'fields': {}}
        elif f[0] == 'field':
            model['structs'][f[1]]['fields'][f[2]] = {
                'cpath': f[3], 'offset': int(f[4]), 'size': int(f[5]), 'count': int(f[6]),
                'elem_size': int(f[7]), 'bit_offset': int(f[8]), 'bit_size': int(f[9])}
        elif f[0] == 'tunable':
            model['tunables'].append({'id': int(f[1]), 'name': f[2], 'type': f[3], 'default': int(f[4]),
                                      'min': int(f[5]), 'max': int(f[6]), 'security': f[7], 'alias': f[8]})
    return model
