#!/usr/bin/env bash
# Builds the .deb with CPack, checks its metadata and contents, installs it with dpkg -i into
# a scratch root (dpkg --root, so the machine is left alone) and runs the installed
# `ringback --version` there. Usage: check_package.sh <build dir> <expected version>
set -euo pipefail
build=${1:?build dir}
version=${2:?version}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || {
    cat "$work/cpack.log"
    exit 1
}
deb=$(ls "$work"/out/*.deb)
echo "package: $(basename "$deb")"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = ringback ] || { echo "Package field is '$(field Package)'"; exit 1; }
[ "$(field Version)" = "$version" ] || { echo "Version is '$(field Version)', expected $version"; exit 1; }
field Depends | grep -q 'libqt6widgets6' || { echo "Depends lacks Qt: $(field Depends)"; exit 1; }

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for path in ./usr/bin/ringback ./usr/share/applications/ringback.desktop \
    ./usr/share/icons/hicolor/scalable/apps/ringback.svg; do
    grep -qx "$path" <<<"$contents" || { echo "missing from the package: $path"; echo "$contents"; exit 1; }
done

# Install for real with dpkg, into a scratch root with its own dpkg database.
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
dpkg --root="$root" --force-depends --force-not-root --force-script-chrootless \
    --log=/dev/null -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; exit 1; }
dpkg --root="$root" -s ringback | grep -q '^Status: install ok installed' || {
    echo "dpkg does not list ringback as installed"
    exit 1
}
desktop-file-validate "$root/usr/share/applications/ringback.desktop"
grep -q '^Exec=ringback' "$root/usr/share/applications/ringback.desktop"
out=$("$root/usr/bin/ringback" --version)
[ "$out" = "ringback $version" ] || { echo "ringback --version printed '$out'"; exit 1; }
echo "installed ringback --version: $out"
