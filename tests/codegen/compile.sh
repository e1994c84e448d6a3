#!/usr/bin/env bash
# compile.sh — the generated C of every example and planner case compiles cleanly.
#
#   tests/codegen/compile.sh DDBC [CC]
#
# Runs ddbc on examples/{shop,saas,clinic}, every tests/planner/*/ case (with
# its ddbc.yaml when present) and tests/codegen/cases/*/, then compiles each
# out/c/<prefix>.c with -std=c11 -Wall -Wextra -Werror -pedantic against the
# runtime headers.  Each case also checks the C prefix from ddbc.yaml.
set -u
ddbc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cc=${2:-${CC:-cc}}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail=0
n=0
run_case() {   # name dir
    local name=$1 dir=$2 out=$tmp/$1
    local args=("$dir/schema.sql")
    [ -f "$dir/queries.sql" ] && args+=("$dir/queries.sql")
    [ -f "$dir/ddbc.yaml" ] && args+=(--config "$dir/ddbc.yaml")
    if ! "$ddbc" "${args[@]}" --keep-going --emit c -o "$out" 2>"$tmp/$name.stderr" >/dev/null; then
        echo "FAIL $name: ddbc failed"; sed 's/^/    /' "$tmp/$name.stderr" | head -20; fail=1; return
    fi
    local prefix=db
    if [ -f "$dir/ddbc.yaml" ] && grep -q '^c_prefix:' "$dir/ddbc.yaml"; then
        prefix=$(sed -n 's/^c_prefix:[[:space:]]*//p' "$dir/ddbc.yaml" | tr -d '"'"'" | head -n1)
    fi
    if [ ! -f "$out/c/$prefix.c" ] || [ ! -f "$out/c/$prefix.h" ]; then
        echo "FAIL $name: no c/$prefix.c and c/$prefix.h"; ls -R "$out" | head; fail=1; return
    fi
    if ! "$cc" -std=c11 -O2 -Wall -Wextra -Werror -pedantic -I"$out/c" -I"$root/include" \
            -c "$out/c/$prefix.c" -o "$out/$prefix.o" 2>"$tmp/$name.cc"; then
        echo "FAIL $name: the generated C does not compile"; head -30 "$tmp/$name.cc" | sed 's/^/    /'; fail=1; return
    fi
    # the header stands alone, in C and in C++ when a compiler for it exists
    printf '#include "%s.h"\n' "$prefix" > "$out/hdr.c"
    if ! "$cc" -std=c11 -Wall -Wextra -Werror -pedantic -I"$out/c" -I"$root/include" -c "$out/hdr.c" -o "$out/hdr.o" 2>"$tmp/$name.hcc"; then
        echo "FAIL $name: the header does not compile on its own"; head -20 "$tmp/$name.hcc"; fail=1; return
    fi
    if command -v c++ >/dev/null 2>&1; then
        printf '#include "%s.h"\n' "$prefix" > "$out/hdr.cc"
        if ! c++ -Wall -Wextra -Werror -pedantic -I"$out/c" -I"$root/include" -c "$out/hdr.cc" -o "$out/hdrcc.o" 2>"$tmp/$name.hcxx"; then
            echo "FAIL $name: the header does not compile as C++"; head -20 "$tmp/$name.hcxx"; fail=1; return
        fi
    fi
    n=$((n + 1))
    echo "ok $name"
}

for ex in shop saas clinic; do run_case "example-$ex" "$root/examples/$ex"; done
for dir in "$root"/tests/planner/*/ "$root"/tests/planner/gaps/*/ "$here"/cases/*/; do
    [ -f "$dir/schema.sql" ] || continue
    run_case "$(basename "$dir")" "$dir"
done
echo "$n cases compiled"
[ "$n" -gt 3 ] || { echo "FAIL: too few cases"; fail=1; }
exit $fail
