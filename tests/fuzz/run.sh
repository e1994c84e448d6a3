#!/usr/bin/env bash
# run.sh — build the libFuzzer target and fuzz the whole compiler for a time budget.
#
#   tests/fuzz/run.sh [SECONDS]          (default 60)
#
# Configures build-fuzz/ at the top of the repository (FUZZ_BUILD_DIR overrides)
# with clang and -DDDBC_FUZZ=ON, builds fuzz_parse (an input is a schema and,
# after a line `-- queries`, a queries file), and runs it for SECONDS over
# build-fuzz/corpus (refreshed from tests/fuzz/seeds, kept between runs so
# coverage accumulates), with tests/fuzz/sql.dict.  Exits 0 when the run ends
# clean; non-zero on a crash, sanitizer report, leak, timeout or out-of-memory,
# printing the reproducer's path and how to replay it.  Extra libFuzzer flags
# may be given in FUZZ_FLAGS (e.g. FUZZ_FLAGS=-jobs=2).
set -eu

seconds=${1:-60}
case $seconds in '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
cc=${CC:-clang}

command -v "$cc" >/dev/null || { echo "fuzz: '$cc' not found; libFuzzer needs clang" >&2; exit 2; }

CC=$cc cmake -S "$root" -B "$build" -DDDBC_FUZZ=ON -DBUILD_TESTING=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build.configure.log" 2>&1 || {
    cat "$build.configure.log" >&2
    exit 2
}
rm -f "$build.configure.log"
cmake --build "$build" --target fuzz_parse -j"$(nproc 2>/dev/null || echo 2)" >/dev/null || {
    echo "fuzz: building fuzz_parse failed" >&2
    cmake --build "$build" --target fuzz_parse 2>&1 | tail -n 30 >&2
    exit 2
}

corpus=$build/corpus
artifacts=$build/artifacts
mkdir -p "$corpus" "$artifacts"
cp "$here"/seeds/* "$corpus"/
# The goose migrations (StatementBegin/End, Up/Down) seed from the corpus itself.
cp "$root"/tests/corpus/goose/*.sql "$corpus"/
# The planner seeds from the examples and the expert designs: schema, the split
# line, queries; comments other than sqlc annotations and blank lines dropped so
# that a seed fits in -max_len.
for d in "$root"/examples/*/ "$root"/tests/planner/*/ "$root"/tests/planner/gaps/*/; do
    [ -f "$d/schema.sql" ] && [ -f "$d/queries.sql" ] || continue
    {
        cat "$d/schema.sql"
        printf '\n-- queries\n'
        cat "$d/queries.sql"
    } | sed -e '/^[[:space:]]*--[[:space:]]*name:/b' -e '/^-- queries$/b' -e '/^[[:space:]]*--/d' \
            -e '/^[[:space:]]*$/d' >"$corpus/plan_$(basename "$d").sql"
done
stamp=$build/.fuzz-start
touch "$stamp"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
# shellcheck disable=SC2086  # FUZZ_FLAGS is a list of flags
"$build/fuzz_parse" -max_total_time="$seconds" -max_len=12288 -timeout=10 -rss_limit_mb=2048 \
    -dict="$here/sql.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
    ${FUZZ_FLAGS:-} "$corpus" 2>"$build/fuzz.log" || status=$?

found=$(find "$artifacts" -type f -newer "$stamp" \
    \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
tail -n 25 "$build/fuzz.log"
if [ "$status" != 0 ] || [ -n "$found" ]; then
    echo
    echo "fuzz: FAILED (libFuzzer exit status $status); full log: $build/fuzz.log"
    grep -m 3 -E '^(==[0-9]+==ERROR|SUMMARY:|.*runtime error:)' "$build/fuzz.log" || true
    for f in $found; do
        echo "reproducer: $f"
        echo "  replay:   $build/fuzz_parse $f"
        echo "  base64:   $(base64 -w0 < "$f" | head -c 2000)"
    done
    [ "$status" != 0 ] || status=1
    exit "$status"
fi
echo "fuzz: ok (${seconds}s, corpus $(find "$corpus" -type f | wc -l) files)"
