#!/usr/bin/env bash
# One example's end-to-end test: the generated C compiled once more by the
# system compiler exactly as the contract states (cc -std=c11 -Wall -Wextra
# -Werror -pedantic), then the differential program run against moto.
#
# usage: tests/e2e/run.sh WITH_SERVER PROGRAM OUT_DIR PREFIX INCLUDE_DIR
set -u

if [ $# -ne 5 ]; then
    echo "usage: $0 WITH_SERVER PROGRAM OUT_DIR PREFIX INCLUDE_DIR" >&2
    exit 2
fi
with_server=$1 program=$2 out=$3 prefix=$4 include=$5

for f in "$out/c/$prefix.c" "$out/c/$prefix.h" "$out/create-table.json"; do
    if [ ! -f "$f" ]; then
        echo "run.sh: $f is missing (ddbc did not generate it)" >&2
        exit 1
    fi
done
cc=${CC:-cc}
if ! "$cc" -std=c11 -Wall -Wextra -Werror -pedantic -I "$include" -I "$out/c" \
        -fsyntax-only "$out/c/$prefix.c"; then
    echo "run.sh: $out/c/$prefix.c does not compile cleanly with -std=c11 -Wall -Wextra -Werror -pedantic" >&2
    exit 1
fi
exec "$with_server" moto "$program" "$out"
