#!/bin/sh
# Runs one libFuzzer target for a while: run-fuzz.sh TARGET SEEDS DICT SECONDS WORKDIR
# New inputs go to WORKDIR/corpus (the seeds in the source tree stay as they
# are); a crash, leak or timeout leaves its input in WORKDIR and fails.
set -eu
target=$1 seeds=$2 dict=$3 seconds=$4 work=$5
shift 5 # the rest: more seed directories, read only
mkdir -p "$work/corpus"
# UndefinedBehaviorSanitizer's reports end the run as a crash does (it goes on after them by default)
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
exec "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -dict="$dict" -artifact_prefix="$work/" "$work/corpus" "$seeds" "$@"
