#!/usr/bin/env bash
# Fails on an include that points the wrong way (DESIGN.md): ui/ sees neither Boost nor
# sipcore; app/ headers expose no sipcore or Boost type (so ui/ can include them); sipcore/
# includes no Qt; no relative "../" includes that would step around the layer include roots.
set -euo pipefail
cd "${1:?source dir}"
fail=0
check() { # pattern, files…, message
    local pattern=$1 message=$2
    shift 2
    local hits
    hits=$(grep -nE "$pattern" "$@" 2>/dev/null || true)
    if [ -n "$hits" ]; then
        echo "$message:"
        echo "$hits"
        fail=1
    fi
}
check '#include [<"](sipcore/|boost/)' "ui includes sipcore or Boost" ui/*.h ui/*.cpp
check '#include [<"](sipcore/|boost/)' "an app/ header exposes sipcore or Boost" \
    $(ls app/*.h | grep -v qtlogsink.h)
check '#include [<"]Q[A-Za-z]+[">]|#include [<"]Qt' "sipcore includes Qt" $(find sipcore -name '*.h' -o -name '*.cpp')
check '#include "\.\./' "relative parent include" $(find sipcore app ui -name '*.h' -o -name '*.cpp')
exit $fail
