#!/usr/bin/env bash
# The server round trip: every example and planner case is compiled, its table
# created on a local dynalite (127.0.0.1, in memory), its sample items put, and
# each served read pattern's key condition must read them back (roundtrip.js).
#
# usage: tests/server/run.sh DDBC
#   DDBC  path to the ddbc binary
# Needs node and the packages pinned in tests/package.json (cd tests && npm ci).
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 DDBC" >&2
    exit 2
fi
ddbc=$1
case "$ddbc" in /*) ;; */*) ddbc="$PWD/$ddbc" ;; esac
if [ ! -x "$ddbc" ]; then
    echo "run.sh: '$ddbc' is not an executable" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
modules="$root/tests/node_modules"

if ! command -v node >/dev/null 2>&1; then
    echo "run.sh: node is not installed; the server round trip needs Node.js" >&2
    exit 1
fi
for pkg in dynalite @aws-sdk/client-dynamodb; do
    if [ ! -d "$modules/$pkg" ]; then
        echo "run.sh: $pkg is missing from tests/node_modules; run 'cd tests && npm ci'" >&2
        exit 1
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ddbc-server.XXXXXX")
server=
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null
        wait "$server" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# A free loopback port: bind port 0 and read what the kernel chose.
port=$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
node "$modules/dynalite/cli.js" --host 127.0.0.1 --port "$port" --createTableMs 0 --deleteTableMs 0 \
    >"$tmp/dynalite.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    if node -e 'const c = require("net").connect(+process.argv[1], "127.0.0.1"); c.on("connect", () => process.exit(0)); c.on("error", () => process.exit(1));' "$port"; then
        break
    fi
    if ! kill -0 "$server" 2>/dev/null; then
        echo "run.sh: dynalite exited:" >&2
        cat "$tmp/dynalite.log" >&2
        exit 1
    fi
    sleep 0.1
done

cases=()
for d in "$root"/examples/*/ "$root"/tests/planner/*/; do
    [ -f "$d/schema.sql" ] && [ -f "$d/queries.sql" ] && cases+=("${d%/}")
done

failed=0
n=0
for dir in "${cases[@]}"; do
    n=$((n + 1))
    label=${dir#"$root"/}
    out="$tmp/out$n"
    config=()
    [ -f "$dir/ddbc.yaml" ] && config=(--config "$dir/ddbc.yaml")
    # run from the temp dir so no ./ddbc.yaml is picked up by accident
    if ! (cd "$tmp" && "$ddbc" "${config[@]}" "$dir/schema.sql" "$dir/queries.sql" -o "$out") \
        >"$tmp/stdout$n" 2>"$tmp/stderr$n"; then
        echo "FAIL $label: ddbc failed"
        sed 's/^/  /' "$tmp/stderr$n"
        failed=$((failed + 1))
        continue
    fi
    if [ ! -f "$out/nosql-workbench.json" ]; then
        echo "FAIL $label: ddbc wrote no nosql-workbench.json"
        failed=$((failed + 1))
        continue
    fi
    if ! NODE_PATH="$modules" node "$here/roundtrip.js" --port "$port" --out "$out" \
        --table "roundtrip_$n" --case "$label"; then
        failed=$((failed + 1))
    fi
done

echo "$((n - failed))/$n cases passed"
[ "$failed" -eq 0 ]
