#!/usr/bin/env bash
# run.sh — ddbc's runtime against the AWS SDK for JavaScript v3, side by side,
# printed as a Markdown table with the ratios (bench/RESULTS.md, "Runtime (issue 5)").
#
#   bench/rt/run.sh [DDBC_RT_BENCH]     (default: build/bench/rt/ddbc_rt_bench)
#
# Builds nothing.  Needs node and the SDK pinned in bench/rt/package.json
# (`npm ci --prefix bench/rt`).  Runs `ddbc_rt_bench` (its own instant server in a
# thread), then `ddbc_rt_bench --serve 0` in the background for sdk_bench.mjs and
# stops it by PID.  BENCH_RUNS (default 5; best of), BENCH_REQUESTS (10000 per
# operation), BENCH_ITEMS (200000 marshalling round trips).  Exits 0 whatever the
# figures unless BENCH_STRICT=1, when a missed target exits 1.  Exit 2: missing
# tools; 1: a bench failed.
set -eu

bench=${1:-build/bench/rt/ddbc_rt_bench}
runs=${BENCH_RUNS:-5}
requests=${BENCH_REQUESTS:-10000}
items=${BENCH_ITEMS:-200000}
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "bench/rt: $*" >&2; exit 2; }
[ -x "$bench" ] || die "no ddbc_rt_bench at '$bench' (build the ddbc_rt_bench target first)"
command -v node >/dev/null || die "node is required for the SDK's side"
[ -d "$here/node_modules/@aws-sdk/client-dynamodb" ] && [ -d "$here/node_modules/@aws-sdk/util-dynamodb" ] ||
    die "the SDK is not installed: npm ci --prefix $here"

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')

tmp=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

"$bench" --print-item > "$tmp/item.json" || { echo "bench/rt: ddbc_rt_bench --print-item failed" >&2; exit 1; }
"$bench" --runs "$runs" --requests "$requests" --items "$items" > "$tmp/c.txt" ||
    { echo "bench/rt: ddbc_rt_bench failed" >&2; exit 1; }

"$bench" --serve 0 > "$tmp/port" &
server=$!
port=
for _ in $(seq 50); do
    port=$(awk '$1 == "port" { print $2 }' "$tmp/port")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "bench/rt: the --serve server did not start" >&2; exit 1; }
node --no-warnings "$here/sdk_bench.mjs" --port "$port" --item "$tmp/item.json" \
    --runs "$runs" --requests "$requests" --items "$items" > "$tmp/js.txt" ||
    { echo "bench/rt: sdk_bench.mjs failed" >&2; exit 1; }

load_after=$(loadavg)

v() { awk -v k="$1" '$1 == k { print $2 }' "$tmp/c.txt" "$tmp/js.txt"; }
pkgver() { node -p "require('$here/node_modules/$1/package.json').version" 2>/dev/null || echo '?'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

c_put=$(v put.cpu_us); c_query=$(v query.cpu_us)
c_put_floor=$(v floor_put.cpu_us); c_query_floor=$(v floor_query.cpu_us)
j_put=$(v sdk_put.cpu_us); j_query=$(v sdk_query.cpu_us)
j_put_nonet=$(v sdk_put_nonet.cpu_us); j_query_nonet=$(v sdk_query_nonet.cpu_us)
c_put_nonet=$(calc %.2f "$c_put - $c_put_floor"); c_query_nonet=$(calc %.2f "$c_query - $c_query_floor")
c_ms=$(v marshal_struct.per_cpu_s); j_ms=$(v sdk_marshal.per_cpu_s)
c_mw=$(v marshal_wire.per_cpu_s); j_mw=$(v sdk_marshal_wire.per_cpu_s)
ratio() { calc %.1f "($2 > 0) ? $1 / $2 : 0"; }

echo "run: $started; load average (1/5/15 min) before $load_before, after $load_after; $(nproc) CPUs: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "versions: libcurl $(pkg-config --modversion libcurl 2>/dev/null || echo '?'), cJSON $(pkg-config --modversion libcjson 2>/dev/null || echo '?'), node $(node --version), @aws-sdk/client-dynamodb $(pkgver @aws-sdk/client-dynamodb), @aws-sdk/util-dynamodb $(pkgver @aws-sdk/util-dynamodb)"
echo "ddbc_rt_bench: $bench; best of $runs runs; $requests requests per operation; $items marshalling round trips"
echo "ddbc: $(git -C "$here" describe --always --dirty 2>/dev/null || echo 'not a git checkout')"
echo "item: $(v item.attributes) attributes, $(v item.json_bytes) bytes as DynamoDB JSON; PutItem request $(v put.request_bytes) bytes, Query request $(v query.request_bytes) bytes (as the server read them)"
echo
echo "| measure | ddbc runtime (C) | AWS SDK v3 (JS) | SDK ÷ ddbc |"
echo "|---|---:|---:|---:|"
echo "| PutItem round trip, client CPU µs | $c_put | $j_put | $(ratio "$j_put" "$c_put")× |"
echo "| PutItem round trips/s (wall, one connection) | $(v put.per_s) | $(v sdk_put.per_s) | $(ratio "$(v put.per_s)" "$(v sdk_put.per_s)")× faster |"
echo "| Query round trip (10 items), client CPU µs | $c_query | $j_query | $(ratio "$j_query" "$c_query")× |"
echo "| Query round trips/s (wall, one connection) | $(v query.per_s) | $(v sdk_query.per_s) | $(ratio "$(v query.per_s)" "$(v sdk_query.per_s)")× faster |"
echo "| PutItem without the network, CPU µs | $c_put_nonet | $j_put_nonet | $(ratio "$j_put_nonet" "$c_put_nonet")× |"
echo "| Query without the network, CPU µs | $c_query_nonet | $j_query_nonet | $(ratio "$j_query_nonet" "$c_query_nonet")× |"
echo "| bare-socket loopback round trip, CPU µs (PutItem / Query bytes) | $c_put_floor / $c_query_floor | | |"
echo "| struct ↔ item (encode + decode), items/s per core | $c_ms | $j_ms | $(ratio "$c_ms" "$j_ms")× |"
echo "| struct ↔ item, CPU µs per item | $(v marshal_struct.cpu_us) | $(v sdk_marshal.cpu_us) | |"
echo "| wire form (to JSON + from JSON), items/s per core | $c_mw | $j_mw | $(ratio "$c_mw" "$j_mw")× |"
echo "| wire form, CPU µs per item | $(v marshal_wire.cpu_us) | $(v sdk_marshal_wire.cpu_us) | |"
echo
echo "C \"without the network\" = client CPU minus the bare-socket round trip of the same bytes;"
echo "SDK's = the same calls through a request handler that answers at once (signing included)."
echo "SDK wire form = JSON.stringify + JSON.parse of the attribute-value object."
echo

verdict=0
target() {   # LABEL RATIO MIN EXTRA
    local ok
    ok=$(awk -v r="$2" -v m="$3" 'BEGIN { print (r >= m) ? "met" : "MISSED" }')
    echo "target $1: $2× ($4): $ok"
    [ "$ok" = met ] || verdict=1
}
target "PutItem client CPU at least 10× below the SDK's" "$(ratio "$j_put" "$c_put")" 10 "$c_put µs vs $j_put µs"
target "Query client CPU at least 10× below the SDK's" "$(ratio "$j_query" "$c_query")" 10 "$c_query µs vs $j_query µs"
ok=$(awk -v c="$c_put" 'BEGIN { print (c <= 56) ? "met" : "MISSED" }')
echo "target PutItem client CPU at most 56 µs (a tenth of the issue's SDK figure): $c_put µs: $ok"
[ "$ok" = met ] || verdict=1
target "struct ↔ item at least 10× util-dynamodb" "$(ratio "$c_ms" "$j_ms")" 10 "$c_ms vs $j_ms items/s"
ok=$(awk -v c="$c_ms" 'BEGIN { print (c >= 830000) ? "met" : "MISSED" }')
echo "target struct ↔ item at least 830,000 items/s per core (10× the issue's util-dynamodb figure): $c_ms items/s: $ok"
[ "$ok" = met ] || verdict=1
[ "${BENCH_STRICT:-0}" = 1 ] && exit $verdict
exit 0
