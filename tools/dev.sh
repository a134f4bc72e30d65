#!/usr/bin/env bash
# Ringback's one developer entry point. On a fresh Debian 12 machine:
#   ./tools/dev.sh run [ringback options]   install what is missing, build, launch Ringback
#   ./tools/dev.sh test [ctest options]     install what is missing, build, run the whole suite
# Also: deps, build, package (.deb), bench, fuzz [seconds], format. Every command is idempotent and
# incremental: a second run installs and rebuilds only what changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRESET="${RINGBACK_PRESET:-release}"
BUILD_DIR="$ROOT/build/$PRESET"

# Debian packages the build, the app and the test suite need.
PACKAGES=(
    cmake ninja-build g++ pkgconf
    qt6-base-dev qt6-multimedia-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libgl-dev libvulkan-dev libboost-dev libssl-dev openssl ca-certificates libc-ares-dev
    clang-format libbenchmark-dev
    libspeexdsp-dev libopus-dev libsrtp2-dev libspandsp-dev
    libsofia-sip-ua-dev libosip2-dev libre-dev
    clang libclang-rt-14-dev llvm
    sip-tester kamailio kamailio-tls-modules kamailio-websocket-modules kamailio-presence-modules
    dnsmasq iproute2 pulseaudio pulseaudio-utils
    baresip-core linphone-cli
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
    cd "$ROOT"
    if [ "$PRESET" = release ] && [ $# -eq 0 ]; then
        # Every parser fuzz target for 30 s (the issue: the test command runs each >= 30 s).
        cmd_fuzz 30
        # The SIP stack's unit tests once more under AddressSanitizer and UBSan.
        log "building and running the sipcore tests under ASan/UBSan (debug-asan)"
        [ -f "$ROOT/build/debug-asan/CMakeCache.txt" ] || cmake --preset debug-asan -S "$ROOT"
        cmake --build --preset debug-asan --target sipcore_tests
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
            ctest --preset debug-asan -L sipcore
    fi
    # The whole suite last, so its summary is the closing line.
    log "running the test suite"
    ctest --preset "$PRESET" "$@"
}

cmd_package() {
    build
    log "packaging"
    (cd "$BUILD_DIR" && cpack -G DEB)
    ls "$BUILD_DIR"/packages/*.deb
}

# The benchmarks of docs/BENCHMARKS.md with their default settings: click-to-wire, the parser
# beside sofia-sip, osip2 and libre, the core's transactions in memory, and (about half an
# hour) the highest call rate the core answers under SIPp load beside SIPp's own uas; then the
# media engine's per-frame work, the audio delay through Ringback's devices and media engine,
# and the processor time and memory of a call beside baresip and linphonec (about 20 minutes
# together).
cmd_bench() {
    build
    cd "$ROOT"
    QT_QPA_PLATFORM=offscreen "$BUILD_DIR/tests/bench/bench_clicktowire"
    "$BUILD_DIR/tests/bench/bench_parser" --benchmark_repetitions=5 \
        --benchmark_report_aggregates_only=true
    "$BUILD_DIR/tests/bench/bench_transactions" --benchmark_repetitions=5 \
        --benchmark_report_aggregates_only=true
    "$BUILD_DIR/tests/bench/bench_callrate"
    "$BUILD_DIR/tests/bench/bench_mediaframe" --benchmark_repetitions=3 \
        --benchmark_report_aggregates_only=true
    "$BUILD_DIR/tests/bench/bench_audiodelay"
    "$BUILD_DIR/tests/bench/bench_callcost"
}

# Runs every libFuzzer target for $1 seconds (default 60) with the SIP dictionary, seeded from
# the conformance messages and tests/fuzz/seeds. The corpus grows in build/fuzz/corpus; a
# crash leaves its input in build/fuzz/artifacts and fails the command (add that input to
# tests/data/fuzz-regressions so the unit tests keep it fixed).
cmd_fuzz() {
    local seconds=${1:-60}
    deps
    [ -f "$ROOT/build/fuzz/CMakeCache.txt" ] || cmake --preset fuzz -S "$ROOT"
    cmake --build --preset fuzz
    local bin="$ROOT/build/fuzz/tests/fuzz" failed=0
    mkdir -p "$ROOT/build/fuzz/artifacts"
    for target in fuzz_messageparser fuzz_uri fuzz_headervalues fuzz_streamframer \
        fuzz_multipart fuzz_sdp; do
        local corpus="$ROOT/build/fuzz/corpus/$target" seeds=() dict="$ROOT/tests/fuzz/sip.dict"
        mkdir -p "$corpus"
        case $target in
            fuzz_messageparser) seeds=("$ROOT/tests/data/rfc4475" "$ROOT/tests/data/rfc5118") ;;
            fuzz_uri) seeds=("$ROOT/tests/fuzz/seeds/uri") ;;
            fuzz_headervalues) seeds=("$ROOT/tests/fuzz/seeds/headervalues") ;;
            fuzz_streamframer) seeds=("$ROOT/tests/fuzz/seeds/stream") ;;
            fuzz_multipart) seeds=("$ROOT/tests/fuzz/seeds/multipart") ;;
            fuzz_sdp) seeds=("$ROOT/tests/fuzz/seeds/sdp") dict="$ROOT/tests/fuzz/sdp.dict" ;;
        esac
        local existing=()
        for dir in "${seeds[@]}"; do [ -d "$dir" ] && existing+=("$dir"); done
        log "fuzzing $target for ${seconds}s"
        if ! "$bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -dict="$dict" -print_final_stats=1 \
            -artifact_prefix="$ROOT/build/fuzz/artifacts/$target-" \
            "$corpus" "${existing[@]}" >"$ROOT/build/fuzz/$target.log" 2>&1; then
            tail -n 40 "$ROOT/build/fuzz/$target.log" >&2
            log "$target FAILED: input in build/fuzz/artifacts/"
            failed=1
        else
            grep -E '^Done|stat::number_of_executed_units' "$ROOT/build/fuzz/$target.log" | tail -n 1 >&2
        fi
    done
    return $failed
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
    bench) cmd_bench ;;
    fuzz) shift; cmd_fuzz "$@" ;;
    format) cmd_format ;;
    *)
        echo "usage: $0 {run|test|deps|build|package|bench|fuzz [seconds]|format} [args…]" >&2
        exit 2
        ;;
esac
