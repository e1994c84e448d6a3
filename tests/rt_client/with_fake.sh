#!/usr/bin/env bash
# Run a command against tests/rt_client/fake_server.py (a scriptable fake
# DynamoDB that checks SigV4), started on 127.0.0.1 on a free port and stopped
# by PID.  The command sees DDBC_FAKE_ENDPOINT=http://127.0.0.1:<port>.
#
# usage: tests/rt_client/with_fake.sh COMMAND [ARG…]
set -u
if [ $# -lt 1 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/ddbc-fake.XXXXXX")

python3 "$here/fake_server.py" --port-file "$dir/port" >"$dir/log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null
    wait "$server" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

for _ in $(seq 1 200); do
    [ -s "$dir/port" ] && break
    if ! kill -0 "$server" 2>/dev/null; then
        echo "with_fake.sh: fake_server.py did not start:" >&2
        cat "$dir/log" >&2
        exit 1
    fi
    sleep 0.05
done
if [ ! -s "$dir/port" ]; then
    echo "with_fake.sh: fake_server.py did not report its port within 10 s" >&2
    cat "$dir/log" >&2
    exit 1
fi

export DDBC_FAKE_ENDPOINT="http://127.0.0.1:$(cat "$dir/port")"
"$@"
status=$?
if [ -s "$dir/log" ]; then
    echo "--- fake_server.py output ---" >&2
    cat "$dir/log" >&2
fi
exit $status
