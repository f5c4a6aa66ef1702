#!/bin/sh
# The README's first command: install what is missing, build, and run
# whosaid over the project's own corpus of articles (or the files given),
# printing records.
set -eu
cd "$(dirname "$0")/.."
tools/setup.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
[ $# -gt 0 ] || set -- corpus/
exec build/whosaid "$@"
