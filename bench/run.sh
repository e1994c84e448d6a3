#!/usr/bin/env bash
# run.sh — time ddbc on generated schemas of growing size and print a Markdown table.
#
#   bench/run.sh [DDBC [GENERATOR]]     (defaults: build/ddbc, build/bench/ddbc_bench_gen)
#
# Builds nothing.  For each N (BENCH_SIZES, default "100 1000 5000") it writes N
# tables and 5N queries with the generator, then runs `ddbc --check` (front end
# and planner) and `ddbc -o DIR` (every default output)
# BENCH_RUNS times (default 5) each, and reports the best wall time, the best CPU
# time (user + sys: steadier on a busy machine) and the peak RSS (GNU time's %M,
# the largest over the runs).  Ends with the scaling ratio t(5000)/t(1000) and
# whether the targets hold: N = 1000 planned under 0.5 s and 100 MB, t(5000) at
# most 5.5 × t(1000).  Exits 0
# whatever the timings (they vary by machine) unless BENCH_STRICT=1, when a
# missed target exits 1.  Exit 2: missing tools; 1: ddbc failed on an input.
set -eu

ddbc=${1:-build/ddbc}
gen=${2:-build/bench/ddbc_bench_gen}
sizes=${BENCH_SIZES:-100 1000 5000}
runs=${BENCH_RUNS:-5}

die() { echo "bench: $*" >&2; exit 2; }
[ -x "$ddbc" ] || die "no ddbc binary at '$ddbc' (build it first)"
[ -x "$gen" ] || die "no generator at '$gen' (build the ddbc_bench_gen target)"
if ! /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
    die "GNU time is required at /usr/bin/time (apt-get install time)"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now_ns() { date +%s%N; }

# measure LABEL ARGS... : run ddbc $runs times; sets best_s, cpu_s and peak_kb.
measure() {
    local label=$1; shift
    best_ns=
    cpu_s=
    peak_kb=0
    for _ in $(seq "$runs"); do
        rm -rf "$tmp/out"
        local t0 t1 status=0
        t0=$(now_ns)
        /usr/bin/time -f '%M %U %S' -o "$tmp/rss" "$ddbc" "$@" 2>"$tmp/stderr" >/dev/null || status=$?
        t1=$(now_ns)
        if [ "$status" != 0 ]; then
            echo "bench: $label: ddbc exited with status $status:" >&2
            head -n 20 "$tmp/stderr" >&2
            exit 1
        fi
        local dt=$((t1 - t0)) kb cpu
        read -r kb cpu < <(tail -n 1 "$tmp/rss" | awk '{ printf "%d %.2f\n", $1, $2 + $3 }')
        if [ -z "$best_ns" ] || [ "$dt" -lt "$best_ns" ]; then best_ns=$dt; fi
        if [ -z "$cpu_s" ] || awk -v a="$cpu" -v b="$cpu_s" 'BEGIN { exit !(a < b) }'; then cpu_s=$cpu; fi
        if [ "$kb" -gt "$peak_kb" ]; then peak_kb=$kb; fi
    done
    best_s=$(awk -v ns="$best_ns" 'BEGIN { printf "%.3f", ns / 1e9 }')
}

mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

declare -A check_s check_kb emit_s emit_kb
rows=()
for n in $sizes; do
    dir=$tmp/n$n
    "$gen" "$n" "$dir"
    in_kb=$(( ( $(wc -c < "$dir/schema.sql") + $(wc -c < "$dir/queries.sql") ) / 1024 ))
    nq=$(grep -c '^-- name:' "$dir/queries.sql")

    measure "N=$n --check" --check "$dir/schema.sql" "$dir/queries.sql"
    check_s[$n]=$best_s; check_kb[$n]=$peak_kb; check_cpu=$cpu_s
    measure "N=$n -o" -o "$tmp/out" "$dir/schema.sql" "$dir/queries.sql"
    emit_s[$n]=$best_s; emit_kb[$n]=$peak_kb; emit_cpu=$cpu_s
    design_kb=$(( $(wc -c < "$tmp/out/design.json") / 1024 ))

    rows+=("| $n | $nq | $in_kb | ${check_s[$n]} | $check_cpu | $(mb "${check_kb[$n]}") | ${emit_s[$n]} | $emit_cpu | $(mb "${emit_kb[$n]}") | $design_kb |")
done

echo "ddbc: $ddbc ($("$ddbc" --version)); best of $runs runs (wall and CPU each); RSS is the peak over the runs"
echo
echo "| N tables | queries | input KB | --check wall s | --check CPU s | --check MB | -o wall s | -o CPU s | -o MB | design.json KB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo

verdict=0
if [ -n "${check_s[1000]:-}" ]; then
    ok=$(awk -v c="${check_s[1000]}" -v ck="${check_kb[1000]}" \
        'BEGIN { print (c < 0.5 && ck < 100 * 1024) ? "met" : "MISSED" }')
    echo "target N=1000 planned (--check) under 0.5 s and 100 MB: $ok"
    [ "$ok" = met ] || verdict=1
fi
if [ -n "${emit_s[1000]:-}" ] && [ -n "${emit_s[5000]:-}" ]; then
    for mode in check emit; do
        if [ $mode = check ]; then a=${check_s[1000]}; b=${check_s[5000]}; else a=${emit_s[1000]}; b=${emit_s[5000]}; fi
        r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (a > 0) ? b / a : 0 }')
        ok=$(awk -v r="$r" 'BEGIN { print (r <= 5.5) ? "met" : "MISSED" }')
        label=--check; [ $mode = emit ] && label="-o (every default output)"
        echo "ratio t(5000)/t(1000) $label: $r (target at most 5.5: $ok)"
        [ "$ok" = met ] || verdict=1
    done
fi
[ "${BENCH_STRICT:-0}" = 1 ] && exit $verdict
exit 0
