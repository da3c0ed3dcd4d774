#!/bin/sh
# SPDX-License-Identifier: MIT
# The built loader must stand alone: an ET_DYN object with an entry point,
# no DT_NEEDED entry, no undefined dynamic symbol, no TLS segment, and only
# relative relocations (self-relocation handles nothing else).
set -eu
ldr="$1"
fail=0
type=$(readelf -hW "$ldr" | awk '/Type:/ {print $2}')
[ "$type" = DYN ] || { echo "type is $type, want DYN"; fail=1; }
needed=$(readelf -dW "$ldr" | grep -c '(NEEDED)' || true)
[ "$needed" = 0 ] || { echo "$needed DT_NEEDED entries"; fail=1; }
undef=$(nm -D --undefined-only "$ldr" | grep -vc ' w ' || true)
[ "$undef" = 0 ] || { echo "undefined symbols:"; nm -D --undefined-only "$ldr"; fail=1; }
if readelf -lW "$ldr" | grep -q ' TLS '; then echo "has PT_TLS"; fail=1; fi
bad=$(readelf -rW "$ldr" | awk '/^[0-9a-f]+ +[0-9a-f]+ R_X86_64/ && $3 != "R_X86_64_RELATIVE"' | wc -l)
[ "$bad" = 0 ] || { echo "$bad non-relative relocations"; readelf -rW "$ldr"; fail=1; }
entry=$(readelf -hW "$ldr" | awk '/Entry point/ {print $4}')
[ "$entry" != 0x0 ] || { echo "no entry point"; fail=1; }
exit $fail
