#!/usr/bin/env bash
# The table as infrastructure, checked by real tools: for every example, every
# planner case and every tests/iac/configs case, ddbc's cloudformation.yaml must
# pass cfn-lint with no error or warning, its terraform/ must parse (@cdktf/hcl2json)
# and use only arguments the AWS provider accepts, the three descriptions must agree
# (check.py), and create-table.json must be accepted by dynalite on 127.0.0.1.
#
# usage: tests/iac/run.sh DDBC
# A case directory holds schema.sql and queries.sql, and may hold ddbc.yaml (passed
# with --config); a tests/iac/configs case with only ddbc.yaml reuses the example
# of the same name after its first '-' (saas-provisioned → examples/saas).
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 DDBC" >&2
    exit 2
fi
ddbc=$1
case "$ddbc" in /*) ;; */*) ddbc="$PWD/$ddbc" ;; esac
if [ ! -x "$ddbc" ] && ! command -v "$ddbc" >/dev/null 2>&1; then
    echo "run.sh: '$ddbc' is not an executable" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tests=$root/tests

# ---- the tools: missing ones fail the run, never skip it ---------------------------
need() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "run.sh: $1 is not installed; $2" >&2
        exit 1
    fi
}
need cfn-lint "install it with: pip install cfn-lint"
need node "install Node.js 18 or later"
need python3 "install Python 3"
if ! python3 -c "import yaml" 2>/dev/null; then
    echo "run.sh: python3 cannot import yaml (PyYAML); install python3-yaml or pip install pyyaml" >&2
    exit 1
fi
modules_ok() {
    [ -f "$tests/node_modules/@cdktf/hcl2json/package.json" ] &&
        [ -f "$tests/node_modules/dynalite/cli.js" ] &&
        [ -f "$tests/node_modules/@aws-sdk/client-dynamodb/package.json" ]
}
if ! modules_ok; then
    need npm "install npm to fetch the test packages pinned in tests/package.json"
    echo "run.sh: installing tests/node_modules (npm ci --prefix tests)" >&2
    if ! npm ci --prefix "$tests" >&2 || ! modules_ok; then
        echo "run.sh: npm ci --prefix $tests failed; the test packages are missing" >&2
        exit 1
    fi
fi
export NODE_PATH=$tests/node_modules
# The AWS SDK warns about future Node versions on every start; the output stays one
# line per case.
export NODE_NO_WARNINGS=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ddbc-iac.XXXXXX")
dynalite_pid=
cleanup() {
    if [ -n "$dynalite_pid" ]; then
        kill "$dynalite_pid" 2>/dev/null
        wait "$dynalite_pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- one dynalite for the whole run, on loopback only --------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
node "$tests/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$port" \
    --createTableMs 0 --deleteTableMs 0 >"$tmp/dynalite.log" 2>&1 &
dynalite_pid=$!
endpoint=http://127.0.0.1:$port
up=
for _ in $(seq 1 100); do
    if ! kill -0 "$dynalite_pid" 2>/dev/null; then break; fi
    if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
        up=1
        break
    fi
    sleep 0.1
done
if [ -z "$up" ]; then
    echo "run.sh: dynalite did not start on 127.0.0.1:$port:" >&2
    cat "$tmp/dynalite.log" >&2
    exit 1
fi

# ---- the cases -------------------------------------------------------------------------
cases=()
for d in "$root"/examples/*/ "$tests"/planner/*/ "$here"/configs/*/; do
    d=${d%/}
    if [ -f "$d/schema.sql" ] || [ -f "$d/ddbc.yaml" ]; then cases+=("$d"); fi
done

failed=0
passed=0
for dir in "${cases[@]}"; do
    name=${dir#"$root"/}
    src=$dir
    if [ ! -f "$dir/schema.sql" ]; then
        src=$root/examples/$(basename "$dir" | cut -d- -f1)
    fi
    if [ ! -f "$src/schema.sql" ] || [ ! -f "$src/queries.sql" ]; then
        echo "FAIL $name: no schema.sql and queries.sql (looked in ${src#"$root"/})"
        failed=$((failed + 1))
        continue
    fi
    args=("$src/schema.sql" "$src/queries.sql")
    [ -f "$dir/ddbc.yaml" ] && args+=(--config "$dir/ddbc.yaml")
    out=$tmp/$(echo "$name" | tr / _)
    log=$out.log
    if ! "$ddbc" "${args[@]}" --emit design,cloudformation,terraform,create-table -o "$out" >"$log" 2>&1; then
        echo "FAIL $name: ddbc failed:"
        sed 's/^/    /' "$log"
        failed=$((failed + 1))
        continue
    fi
    step=
    if ! cfn-lint --format parseable -- "$out/cloudformation.yaml" >"$log" 2>&1; then
        step="cfn-lint reports errors or warnings on cloudformation.yaml"
    elif ! node "$here/hcl2json.js" "$out"/terraform/*.tf >"$out.tf.json" 2>"$log"; then
        step="terraform/ does not parse"
    elif ! python3 "$here/check.py" "$out" "$out.tf.json" >"$log" 2>&1; then
        step="the Terraform schema or consistency check failed"
    elif ! node "$here/create_table.js" "$endpoint" "$out/create-table.json" >"$log" 2>&1; then
        step="dynalite did not create the table as create-table.json describes it"
    fi
    if [ -n "$step" ]; then
        echo "FAIL $name: $step:"
        sed 's/^/    /' "$log"
        failed=$((failed + 1))
    else
        echo "ok   $name"
        passed=$((passed + 1))
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
