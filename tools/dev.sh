#!/usr/bin/env bash
# Ringback's one developer entry point. On a fresh Debian 12 machine:
#   ./tools/dev.sh run [ringback options]   install what is missing, build, launch Ringback
#   ./tools/dev.sh test [ctest options]     install what is missing, build, run the whole suite
# Also: deps, build, package (.deb), bench, format. Every command is idempotent and
# incremental: a second run installs and rebuilds only what changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRESET="${RINGBACK_PRESET:-release}"
BUILD_DIR="$ROOT/build/$PRESET"

# Debian packages the build, the app and the test suite need.
PACKAGES=(
    cmake ninja-build g++ pkgconf
    qt6-base-dev qt6-multimedia-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libgl-dev libvulkan-dev libboost-dev
    clang-format libbenchmark-dev
    sip-tester
    dpkg-dev file desktop-file-utils
)

log() { printf '\033[1m[dev.sh]\033[0m %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        log "need root to run: $* (install sudo or run as root)"
        exit 1
    fi
}

deps() {
    local missing=()
    for pkg in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    log "installing: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}"
}

configure() {
    if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
        log "configuring ($PRESET)"
        cmake --preset "$PRESET" -S "$ROOT"
    fi
}

build() {
    deps
    configure
    log "building ($PRESET)"
    cmake --build --preset "$PRESET"
}

cmd_run() {
    build
    local binary="$BUILD_DIR/app/ringback"
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [[ " $* " != *" --headless "* ]]; then
        log "no display found: starting headless (type 'call sip:user@host', 'hangup', 'quit')"
        exec "$binary" --headless "$@"
    fi
    exec "$binary" "$@"
}

cmd_test() {
    build
    log "running the test suite"
    cd "$ROOT"
    ctest --preset "$PRESET" "$@"
    if [ "$PRESET" = release ] && [ $# -eq 0 ]; then
        # The SIP stack's unit tests once more under AddressSanitizer and UBSan.
        log "building and running the sipcore tests under ASan/UBSan (debug-asan)"
        [ -f "$ROOT/build/debug-asan/CMakeCache.txt" ] || cmake --preset debug-asan -S "$ROOT"
        cmake --build --preset debug-asan --target sipcore_tests
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
            ctest --preset debug-asan -L sipcore
    fi
}

cmd_package() {
    build
    log "packaging"
    (cd "$BUILD_DIR" && cpack -G DEB)
    ls "$BUILD_DIR"/packages/*.deb
}

cmd_bench() {
    build
    cd "$ROOT"
    QT_QPA_PLATFORM=offscreen "$BUILD_DIR/tests/bench/bench_clicktowire" "$@"
}

cmd_format() {
    deps
    cd "$ROOT"
    git ls-files '*.cpp' '*.h' | xargs clang-format -i
}

case "${1:-}" in
    run) shift; cmd_run "$@" ;;
    test) shift; cmd_test "$@" ;;
    deps) deps ;;
    build) build ;;
    package) cmd_package ;;
    bench) shift; cmd_bench "$@" ;;
    format) cmd_format ;;
    *)
        echo "usage: $0 {run|test|deps|build|package|bench|format} [args…]" >&2
        exit 2
        ;;
esac
