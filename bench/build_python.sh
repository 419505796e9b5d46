#!/usr/bin/env bash
# An optimised CPython for the benchmark's server (or a production host without one):
# profile-guided and link-time optimised, as distributions and python.org build theirs.
# pyenv's default build (a shared library, neither optimisation) runs this app's pages
# markedly slower on the same CPU; see bench/FINDINGS.md.
#
#   bash bench/build_python.sh [PREFIX]      # default /opt/python3.13-opt; 20-40 min on 2 cores
#   .venv/bin/python bench/run.py --python /opt/python3.13-opt/bin/python3.13
#
# The source is CPython 3.13.5 as Debian 13 ships it (deb.debian.org is reachable where
# python.org may not be), checked against its published SHA-256. Needs gcc, make and the
# usual -dev headers (libssl, libffi, zlib, libbz2, liblzma, libsqlite3, libreadline).
set -euo pipefail

PREFIX=${1:-/opt/python3.13-opt}
VERSION=3.13.5
TARBALL=python3.13_${VERSION}.orig.tar.xz
URL=http://deb.debian.org/debian/pool/main/p/python3.13/${TARBALL}
SHA256=93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640

if [ -x "$PREFIX/bin/python3.13" ]; then
    echo "$PREFIX/bin/python3.13 is already there"
    exit 0
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
curl --fail --silent --show-error --location --max-time 600 -o "$TARBALL" "$URL"
echo "$SHA256  $TARBALL" | sha256sum --check --quiet
tar xf "$TARBALL"
cd "Python-$VERSION"
step() {  # run quietly; on failure show the end of its log (the folder is removed)
    local log=$1
    shift
    "$@" >"$log" 2>&1 || { tail -n 40 "$log"; echo "failed: $*" >&2; exit 1; }
}
step configure.log ./configure --prefix="$PREFIX" --enable-optimizations --with-lto
step make.log make -j"$(nproc)"
step install.log make install
"$PREFIX/bin/python3.13" -c 'import ssl, sqlite3, lzma, bz2, ctypes; print("built", __import__("sys").version)'
