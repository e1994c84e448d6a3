#!/usr/bin/env bash
# Expert single-table designs: ddbc must serve every pattern the expert serves, with
# no more GSIs than the expert used and no more requests per read pattern.
#
# usage: tests/planner/run.sh DDBC [CASE...]
#   DDBC  path to the ddbc binary; CASE  case directory names (default: all)
# A case may hold a ddbc.yaml, passed with --config (the expert made the same choice).
set -u

if [ $# -lt 1 ]; then
    echo "usage: $0 DDBC [CASE...]" >&2
    exit 2
fi
ddbc=$1
shift
case "$ddbc" in /*) ;; */*) ddbc="$PWD/$ddbc" ;; esac
if [ ! -x "$ddbc" ] && ! command -v "$ddbc" >/dev/null 2>&1; then
    echo "run.sh: '$ddbc' is not an executable" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)

if [ $# -gt 0 ]; then
    cases=("$@")
else
    cases=()
    for d in "$here"/*/; do
        [ -f "$d/expect" ] && cases+=("$(basename "$d")")
    done
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ddbc-planner.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

failed=0
passed=0
for c in "${cases[@]}"; do
    dir="$here/$c"
    if [ ! -f "$dir/expect" ] || [ ! -f "$dir/schema.sql" ] || [ ! -f "$dir/queries.sql" ]; then
        echo "FAIL $c: needs schema.sql, queries.sql and expect"
        failed=$((failed + 1))
        continue
    fi
    out="$tmp/$c"
    mkdir -p "$out"
    config=()
    [ -f "$dir/ddbc.yaml" ] && config=(--config "$dir/ddbc.yaml")
    (cd "$tmp" && "$ddbc" "${config[@]}" "$dir/schema.sql" "$dir/queries.sql" -o "$out/out") \
        >"$out/stdout" 2>"$out/stderr"
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL $c: ddbc exited with status $rc"
        ok=1
    else
        python3 "$here/check.py" "$dir" "$out/out/design.json"
        ok=$?
    fi
    if [ $ok -ne 0 ]; then
        failed=$((failed + 1))
        if [ -s "$out/stderr" ]; then
            sed 's/^/    | /' "$out/stderr"
        fi
    else
        passed=$((passed + 1))
    fi
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
