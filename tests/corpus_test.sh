#!/usr/bin/env bash
# corpus_test.sh — real-world schema files (pg_dump, mysqldump, SQLite, migration
# directories) must compile cleanly into the catalog they describe.
#
#   tests/corpus_test.sh DDBC_BINARY
#
# For each line `PATH tables=N fks=M` of tests/corpus/expected.txt (PATH relative
# to tests/corpus; a file or a directory of migrations) runs
# `DDBC --emit ir -o TMP PATH` and checks that ddbc exits 0, prints no `error[` on
# stderr, and that ir.json holds N entities and M foreign keys in all.  Prints
# `ok PATH` or `FAIL PATH: reason` per line and `N passed, M failed` at the end;
# exits 1 if any line failed.  CORPUS_WRAPPER runs ddbc under a tool, e.g.
#   CORPUS_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full"
set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 DDBC_BINARY" >&2
    exit 2
fi
ddbc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
corpus=$(cd "$(dirname "$0")/corpus" && pwd)
expected=$corpus/expected.txt
# shellcheck disable=SC2206  # the wrapper is a command line
wrapper=(${CORPUS_WRAPPER:-})

if ! command -v python3 >/dev/null 2>&1; then
    echo "FAIL: python3 is needed to read ir.json" >&2
    exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C

passed=0
failed=0
lines=0
fail() {
    echo "FAIL $1: $2"
    failed=$((failed + 1))
}

while IFS= read -r line || [ -n "$line" ]; do
    case $line in '' | '#'*) continue ;; esac
    lines=$((lines + 1))
    # shellcheck disable=SC2086  # split the line into its fields
    set -- $line
    path=$1
    want_tables=
    want_fks=
    bad_field=
    shift
    for field in "$@"; do
        case $field in
            tables=*) want_tables=${field#tables=} ;;
            fks=*) want_fks=${field#fks=} ;;
            *) bad_field=$field ;;
        esac
    done
    if [ -n "$bad_field" ] || ! [[ $want_tables =~ ^[0-9]+$ && $want_fks =~ ^[0-9]+$ ]]; then
        fail "$path" "malformed line in expected.txt: '$line'"
        continue
    fi
    if [ ! -e "$corpus/$path" ]; then
        fail "$path" "no such corpus input"
        continue
    fi

    out=$tmp/out
    rm -rf "$out"
    # Run from the corpus directory so diagnostics name the input as written.
    (cd "$corpus" && "${wrapper[@]}" "$ddbc" --emit ir -o "$out" "$path") \
        >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    if [ $rc -ne 0 ]; then
        fail "$path" "exit status $rc; stderr:"
        sed 's/^/    /' "$tmp/stderr" | head -n 20
        continue
    fi
    if grep -q 'error\[' "$tmp/stderr"; then
        fail "$path" "errors on stderr:"
        grep 'error\[' "$tmp/stderr" | sed 's/^/    /' | head -n 20
        continue
    fi
    if [ ! -f "$out/ir.json" ]; then
        fail "$path" "no ir.json written"
        continue
    fi
    if ! got=$(python3 -c '
import json, sys
try:
    ir = json.load(open(sys.argv[1], encoding="utf-8"))
    ents = ir["entities"]
    fks = sum(len(e["foreign_keys"]) for e in ents)
except (OSError, ValueError, KeyError, TypeError) as e:
    print("ir.json is not what was expected: %s" % e)
    sys.exit(1)
print("%d %d %s" % (len(ents), fks, ",".join(str(e.get("name")) for e in ents)))
' "$out/ir.json" 2>&1); then
        fail "$path" "$got"
        continue
    fi
    read -r got_tables got_fks got_names <<<"$got"
    if [ "$got_tables" != "$want_tables" ] || [ "$got_fks" != "$want_fks" ]; then
        fail "$path" "tables=$got_tables fks=$got_fks, expected tables=$want_tables fks=$want_fks (tables: ${got_names:-none})"
        continue
    fi
    echo "ok $path"
    passed=$((passed + 1))
done <"$expected"

if [ $lines -eq 0 ]; then
    fail "expected.txt" "lists no corpus inputs"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
