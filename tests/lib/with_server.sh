#!/usr/bin/env bash
# Run a command against a local DynamoDB-compatible server started for it.
#
# usage: tests/lib/with_server.sh dynalite|dynalite-tx|moto COMMAND [ARG…]
#
# The server listens on 127.0.0.1 on a free port, in memory, and is stopped by
# PID when the command ends.  dynalite-tx is dynalite behind tests/lib/tx_shim.py,
# a test-only proxy that emulates TransactWriteItems (dynalite has none) for a
# single writer; the command talks to the shim.  The command sees the usual AWS
# variables:
#   AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:<port>, AWS_REGION=us-east-1 and
#   fixed test credentials (neither server checks signatures),
# plus DDBC_TEST_SERVER=dynalite|moto (dynalite for dynalite-tx too, whose
# other requests dynalite answers) and DDBC_TEST_TX_SHIM=1 under dynalite-tx.
# The exit status is the command's; when a server cannot start, it is 1 with
# the reason — never a silent skip.
set -u

if [ $# -lt 2 ]; then
    echo "usage: $0 dynalite|dynalite-tx|moto COMMAND [ARG...]" >&2
    exit 2
fi
kind=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
modules="$here/../node_modules"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pids=()
logs=()
cleanup() {
    local rc=$? pid log
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    if [ $rc -ne 0 ] && [ ${#pids[@]} -gt 0 ]; then
        # What the servers said can explain a failure (the shim logs its errors
        # and, when stopped, what the transactions came to).
        for log in "${logs[@]}"; do
            echo "with_server.sh: the last lines of $(basename "$log"):" >&2
            tail -n 20 "$log" >&2
        done
    fi
    rm -f "${logs[@]}"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# start NAME PORT COMMAND…: run it in the background, logging to a temporary
# file, and wait until it accepts connections on 127.0.0.1:PORT.
start() {
    local name=$1 port=$2 log pid ready=0
    shift 2
    log=$(mktemp "${TMPDIR:-/tmp}/ddbc-$name.XXXXXX")
    logs+=("$log")
    "$@" >"$log" 2>&1 &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 1 300); do
        if python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()' "$port" 2>/dev/null; then
            ready=1
            break
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    if [ $ready -ne 1 ]; then
        echo "with_server.sh: $name did not start on 127.0.0.1:$port (its log follows)" >&2
        exit 1
    fi
}

need_dynalite() {
    if ! command -v node >/dev/null 2>&1 || [ ! -f "$modules/dynalite/cli.js" ]; then
        echo "with_server.sh: dynalite needs node and tests/node_modules (cd tests && npm ci)" >&2
        exit 1
    fi
}

port=$(free_port)
server=$kind
case "$kind" in
dynalite)
    need_dynalite
    start dynalite "$port" node "$modules/dynalite/cli.js" --host 127.0.0.1 --port "$port" \
        --createTableMs 0 --deleteTableMs 0 --updateTableMs 0
    ;;
dynalite-tx)
    need_dynalite
    server=dynalite
    upstream=$(free_port)
    while [ "$upstream" = "$port" ]; do upstream=$(free_port); done
    start dynalite "$upstream" node "$modules/dynalite/cli.js" --host 127.0.0.1 --port "$upstream" \
        --createTableMs 0 --deleteTableMs 0 --updateTableMs 0
    start tx_shim "$port" python3 "$here/tx_shim.py" --port "$port" --upstream "http://127.0.0.1:$upstream"
    export DDBC_TEST_TX_SHIM=1
    ;;
moto)
    if ! command -v moto_server >/dev/null 2>&1; then
        echo "with_server.sh: moto_server is not installed (it comes with the CI machine image)" >&2
        exit 1
    fi
    start moto "$port" moto_server -H 127.0.0.1 -p "$port"
    ;;
*)
    echo "with_server.sh: unknown server '$kind' (dynalite, dynalite-tx or moto)" >&2
    exit 2
    ;;
esac

export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$port"
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDDDBCTEST
export AWS_SECRET_ACCESS_KEY=ddbc-test-secret
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_PROFILE
[ "$kind" = dynalite-tx ] || unset DDBC_TEST_TX_SHIM
export DDBC_TEST_SERVER=$server
"$@"
