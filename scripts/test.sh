#!/bin/sh
# SPDX-License-Identifier: MIT
# Sets up and builds (scripts/setup.sh), runs every test suite, and ends with
# the line "N passed, M failed". Exits non-zero when any test failed.
set -eu
cd "$(dirname "$0")/.."
builddir="${BUILDDIR:-build}"
sh scripts/setup.sh
set +e
meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@"
status=$?
set -e
python3 - "$builddir/meson-logs/testlog.json" <<'PY'
import json, sys
passed = failed = skipped = 0
with open(sys.argv[1]) as f:
    for line in f:
        r = json.loads(line).get("result")
        if r in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
exit $status
