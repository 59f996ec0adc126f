#!/usr/bin/env bash
# The offline release bundle for hospital intranet servers: a binary linked against glibc 2.17
# (CentOS 7 and newer; Kylin V10 and UOS have 2.28), stripped, its debug info in a separate file
# beside the bundle, with plans/, sql/ (plan queries are read at run time), the Chinese offline
# installation guide and SHA256SUMS.
#
#   bash scripts/release.sh            # → dist/yearend-<version>-x86_64-linux-gnu217.tar.gz (+ .debug)
#
# Installs what it needs itself: ziglang and cargo-zigbuild from the Python package index into a
# venv under the user's cache (pinned versions), binutils from Debian when objcopy is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ZIGLANG_VERSION=0.13.0
ZIGBUILD_VERSION=0.24.1
TARGET=x86_64-unknown-linux-gnu
GLIBC=2.17
CACHE=${YEAREND_RELEASE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/yearend-release}
VENV="$CACHE/venv-zig$ZIGLANG_VERSION-zigbuild$ZIGBUILD_VERSION"

command -v cargo >/dev/null || { echo "cargo is not installed: install the Rust toolchain (rustup) first" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed to install zig (pip)" >&2; exit 2; }
if ! command -v objcopy >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq binutils >/dev/null
fi
if [ ! -x "$VENV/bin/cargo-zigbuild" ]; then
  echo "== installing ziglang $ZIGLANG_VERSION and cargo-zigbuild $ZIGBUILD_VERSION into $VENV"
  python3 -m venv "$VENV" >/dev/null || {
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$VENV"
  }
  "$VENV/bin/pip" install -q "ziglang==$ZIGLANG_VERSION" "cargo-zigbuild==$ZIGBUILD_VERSION"
fi

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
NAME="yearend-$VERSION-x86_64-linux-gnu${GLIBC/./}"
TARGET_DIR=${CARGO_TARGET_DIR:-target}
echo "== building $NAME (cargo zigbuild --profile dist --target $TARGET.$GLIBC)"
PATH="$VENV/bin:$PATH" cargo zigbuild --quiet --locked --profile dist --target "$TARGET.$GLIBC"
BIN="$TARGET_DIR/$TARGET/dist/yearend"

rm -rf "dist/$NAME" "dist/$NAME.tar.gz" "dist/$NAME.debug"
mkdir -p "dist/$NAME"
objcopy --only-keep-debug "$BIN" "dist/$NAME.debug"
objcopy --strip-all --add-gnu-debuglink="dist/$NAME.debug" "$BIN" "dist/$NAME/yearend"
cp -r plans sql "dist/$NAME/"
# A rehearsal's state directories beside the example site files are nobody's evidence to ship.
find "dist/$NAME/plans" -name yearend-state -prune -exec rm -rf {} +
cp packaging/安装说明.md "dist/$NAME/"
(cd "dist/$NAME" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum > SHA256SUMS)
tar -C dist -czf "dist/$NAME.tar.gz" "$NAME"
(cd dist && sha256sum "$NAME.tar.gz" > "$NAME.tar.gz.sha256")

highest=$(objdump -T "dist/$NAME/yearend" | grep -o 'GLIBC_[0-9.]*' | sort -t. -k2,2n -k3,3n -u | tail -1)
echo "== dist/$NAME.tar.gz: $(du -h "dist/$NAME.tar.gz" | cut -f1), binary $(du -h "dist/$NAME/yearend" | cut -f1), debug info dist/$NAME.debug $(du -h "dist/$NAME.debug" | cut -f1), highest glibc symbol $highest"
