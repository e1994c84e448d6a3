#!/usr/bin/env bash
# Run a command against a local DynamoDB-compatible server started for it.
#
# usage: tests/lib/with_server.sh dynalite|moto COMMAND [ARG…]
#
# The server listens on 127.0.0.1 on a free port, in memory, and is stopped by
# PID when the command ends.  The command sees the usual AWS variables:
#   AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:<port>, AWS_REGION=us-east-1 and
#   fixed test credentials (neither server checks signatures),
# plus DDBC_TEST_SERVER=dynalite|moto.  The exit status is the command's; when
# the server cannot start, it is 1 with the reason — never a silent skip.
set -u

if [ $# -lt 2 ]; then
    echo "usage: $0 dynalite|moto COMMAND [ARG...]" >&2
    exit 2
fi
kind=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
modules="$here/../node_modules"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

log=$(mktemp "${TMPDIR:-/tmp}/ddbc-$kind.XXXXXX")
port=$(free_port)
case "$kind" in
dynalite)
    if ! command -v node >/dev/null 2>&1 || [ ! -f "$modules/dynalite/cli.js" ]; then
        echo "with_server.sh: dynalite needs node and tests/node_modules (cd tests && npm ci)" >&2
        exit 1
    fi
    node "$modules/dynalite/cli.js" --host 127.0.0.1 --port "$port" --createTableMs 0 \
        --deleteTableMs 0 --updateTableMs 0 >"$log" 2>&1 &
    ;;
moto)
    if ! command -v moto_server >/dev/null 2>&1; then
        echo "with_server.sh: moto_server is not installed (it comes with the CI machine image)" >&2
        exit 1
    fi
    moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
    ;;
*)
    echo "with_server.sh: unknown server '$kind' (dynalite or moto)" >&2
    exit 2
    ;;
esac
server=$!
cleanup() {
    kill "$server" 2>/dev/null
    wait "$server" 2>/dev/null
    rm -f "$log"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ready=0
for _ in $(seq 1 300); do
    if python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()' "$port" 2>/dev/null; then
        ready=1
        break
    fi
    if ! kill -0 "$server" 2>/dev/null; then
        break
    fi
    sleep 0.1
done
if [ $ready -ne 1 ]; then
    echo "with_server.sh: $kind did not start on 127.0.0.1:$port:" >&2
    cat "$log" >&2
    exit 1
fi

export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$port"
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDDDBCTEST
export AWS_SECRET_ACCESS_KEY=ddbc-test-secret
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_PROFILE
export DDBC_TEST_SERVER=$kind
"$@"
