#!/usr/bin/env bash
# One example's end-to-end test: the generated C compiled once more by the
# system compiler exactly as the contract states (cc -std=c11 -Wall -Wextra
# -Werror -pedantic), then the differential program run against a server:
#   moto         transactions native; slow, its memory grows with every write
#   dynalite-tx  dynalite behind tests/lib/tx_shim.py (dynalite has no
#                transactions); fast and in memory, so more rows per table
# DDBC_DIFF_ROWS, when set, wins over the per-server default.
#
# usage: tests/e2e/run.sh WITH_SERVER moto|dynalite-tx PROGRAM OUT_DIR PREFIX INCLUDE_DIR
set -u

if [ $# -ne 6 ]; then
    echo "usage: $0 WITH_SERVER moto|dynalite-tx PROGRAM OUT_DIR PREFIX INCLUDE_DIR" >&2
    exit 2
fi
with_server=$1 server=$2 program=$3 out=$4 prefix=$5 include=$6

case "$server" in
moto) rows=100 ;;
dynalite-tx) rows=500 ;;
*)
    echo "run.sh: unknown server '$server' (moto or dynalite-tx)" >&2
    exit 2
    ;;
esac
export DDBC_DIFF_ROWS=${DDBC_DIFF_ROWS:-$rows}

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
exec "$with_server" "$server" "$program" "$out"
