#!/bin/sh
# Installs what whosaid needs to build and test on Debian 12 (as root, or
# with sudo): the compilers (clang for the fuzz targets), Meson and Ninja,
# the libraries it uses, and valgrind.
set -eu

packages="build-essential g++ meson ninja-build pkg-config python3
libpcre2-dev libicu-dev libyajl-dev libsimdjson-dev libjansson-dev libsqlite3-dev libxml2-dev check libsubunit-dev
clang libclang-rt-14-dev valgrind"

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "whosaid setup: installing$missing"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
