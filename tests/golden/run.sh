#!/usr/bin/env bash
# run.sh — one golden test: run ddbc on a case's inputs and compare with what was reviewed.
#
#   tests/golden/run.sh DDBC CASE_DIR
#
# A case directory holds:
#   args            ddbc's arguments, one per line (no -o: the runner adds it); absent:
#                   every *.sql file in the case directory, in name order, and --emit ir
#   cwd             optional: the directory to run in, relative to the case (default: the case)
#   expected/exit   the exit status (absent: 0)
#   expected/stderr.txt   what ddbc prints on stderr (absent: nothing)
#   expected/out/   every file ddbc writes to its output directory (absent: none)
# With DDBC_REGENERATE=1 the expectations are rewritten from this run instead;
# review the diff like code.
set -u
ddbc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
case_dir=$(cd "$2" && pwd)
name=$(basename "$case_dir")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run_dir=$case_dir
[ -f "$case_dir/cwd" ] && run_dir=$(cd "$case_dir/$(head -n1 "$case_dir/cwd")" && pwd)

args=()
if [ -f "$case_dir/args" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
        [ -n "$line" ] && args+=("$line")
    done < "$case_dir/args"
else
    for f in "$case_dir"/*.sql; do args+=("$(basename "$f")"); done
    args+=(--emit ir)
fi

status=0
(cd "$run_dir" && "$ddbc" "${args[@]}" -o "$tmp/out" 2>"$tmp/stderr" >"$tmp/stdout") || status=$?
echo "$status" > "$tmp/exit"

exp=$case_dir/expected
if [ "${DDBC_REGENERATE:-}" = 1 ]; then
    rm -rf "$exp"
    mkdir -p "$exp"
    [ "$status" != 0 ] && cp "$tmp/exit" "$exp/exit"
    [ -s "$tmp/stderr" ] && cp "$tmp/stderr" "$exp/stderr.txt"
    if [ -d "$tmp/out" ] && [ -n "$(ls -A "$tmp/out")" ]; then cp -R "$tmp/out" "$exp/out"; fi
    echo "regenerated $name"
    exit 0
fi

fail=0
want_exit=0
[ -f "$exp/exit" ] && want_exit=$(cat "$exp/exit")
if [ "$status" != "$want_exit" ]; then
    echo "$name: exit status $status, expected $want_exit"
    fail=1
fi
want_stderr=/dev/null
[ -f "$exp/stderr.txt" ] && want_stderr=$exp/stderr.txt
if ! diff -u --label expected/stderr.txt --label actual "$want_stderr" "$tmp/stderr"; then
    echo "$name: stderr differs"
    fail=1
fi
mkdir -p "$tmp/empty" "$tmp/out"
want_out=$tmp/empty
[ -d "$exp/out" ] && want_out=$exp/out
if ! diff -ru "$want_out" "$tmp/out"; then
    echo "$name: output files differ"
    fail=1
fi
[ $fail = 0 ] && echo "ok $name"
exit $fail
