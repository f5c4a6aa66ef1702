#!/bin/sh
# The README's second command: install what is missing, then build and run
# the whole test suite: a normal build (and its unit and golden tests under
# valgrind memcheck); one under AddressSanitizer and
# UndefinedBehaviorSanitizer; one under ThreadSanitizer (the threaded parts);
# and a clang build that also runs each libFuzzer
# target for a minute (FUZZ_SECONDS to change it).
set -eu
cd "$(dirname "$0")/.."
tools/setup.sh
[ -d build ] || meson setup build
meson test -C build --print-errorlogs
meson test -C build --print-errorlogs --setup valgrind --suite unit --suite golden
[ -d build-asan ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    WHOSAID_HOSTILE_SCALE=0.1 meson test -C build-asan --print-errorlogs
# ThreadSanitizer over the threads: the -j pool (the command's tests) and the JIT compiled in threads (unit-rules)
[ -d build-tsan ] || CC=clang CXX=clang++ meson setup build-tsan -Db_sanitize=thread -Db_lundef=false
TSAN_OPTIONS=halt_on_error=1 meson test -C build-tsan --print-errorlogs unit-rules cli
# a fuzz build set up before the command had C++ has no C++ compiler to keep: set it up again
if [ -d build-fuzz ] && ! grep -q 'clang++' build-fuzz/build.ninja 2>/dev/null; then
    rm -rf build-fuzz
fi
[ -d build-fuzz ] || CC=clang CXX=clang++ meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dfuzz_seconds="${FUZZ_SECONDS:-60}"
meson test -C build-fuzz --print-errorlogs --suite fuzz
