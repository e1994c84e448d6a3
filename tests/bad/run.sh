#!/usr/bin/env bash
# run.sh — hostile and broken inputs: ddbc must diagnose them, never crash or hang.
#
#   tests/bad/run.sh DDBC_BINARY
#
# Every input is generated into a temporary directory (nothing binary is
# committed).  For each case ddbc must: finish within BAD_TIMEOUT seconds
# (default 10); not die of a signal; print no sanitizer or leak report; exit
# with the expected status (1 for input errors, 2 for usage and I/O errors);
# for input errors print a `path:line:col: error[EXXXX]:` line naming the input
# and one of the expected codes; and print at most BAD_MAX_LINES (default 300)
# lines on stderr.  Prints `ok NAME` or `FAIL NAME: reason` per case and
# `N passed, M failed` at the end; exits 1 if any case failed.
#
# BAD_WRAPPER runs ddbc under a tool, e.g.
#   BAD_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full" BAD_ONLY=small
# (BAD_ONLY=small skips the large inputs, which are slow under valgrind;
#  BAD_ONLY=NAME runs one case).
set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 DDBC_BINARY" >&2
    exit 2
fi
ddbc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
limit=${BAD_TIMEOUT:-10}
max_lines=${BAD_MAX_LINES:-300}
only=${BAD_ONLY:-}
# shellcheck disable=SC2206  # the wrapper is a command line
wrapper=(${BAD_WRAPPER:-})

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
# Sanitizer builds: leaks are errors, and reports must not be lost.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

passed=0
failed=0
pass() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# selected NAME SIZE: should this case run?  SIZE is small or large.
selected() {
    [ -z "$only" ] && return 0
    [ "$only" = small ] && [ "$2" = small ] && return 0
    [ "$only" = "$1" ]
}

# Deterministic bytes: Park–Miller (exact in awk's doubles), seeded, LO..HI.
# prng_bytes SEED COUNT LO HI
prng_bytes() {
    awk -v s="$1" -v n="$2" -v lo="$3" -v hi="$4" 'BEGIN {
        for (i = 0; i < n; i++) {
            s = (s * 16807) % 2147483647
            printf "%c", lo + s % (hi - lo + 1)
        }
    }'
}

# run NAME WANT_EXIT CODES [MAX_LINES] -- ARGS...
#   Runs ddbc ARGS in the case directory $dir and checks the outcome.  CODES is
#   a regex alternation of diagnostic codes (e.g. 'E0003' or 'E0010|E0011'), '-'
#   for none required; the input path checked is $input.
run() {
    local name=$1 want=$2 codes=$3 lines_max=$max_lines
    shift 3
    if [ "$1" != -- ]; then lines_max=$1; shift; fi
    shift
    local status=0
    (cd "$dir" && timeout -k 2 "$limit" "${wrapper[@]}" "$ddbc" "$@" >"$dir/.stdout" 2>"$dir/.stderr") || status=$?
    local err=$dir/.stderr
    if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        fail "$name" "did not finish within ${limit}s"
        return 1
    fi
    if grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|MemorySanitizer|runtime error:|definitely lost|Invalid (read|write)|uninitialised' "$err"; then
        fail "$name" "sanitizer/valgrind report: $(grep -m1 -E 'ERROR|runtime error|lost|Invalid|uninit' "$err" | cut -c1-160)"
        return 1
    fi
    if [ "$status" -gt 128 ]; then
        fail "$name" "killed by signal $((status - 128))"
        return 1
    fi
    if [ "$status" != "$want" ]; then
        fail "$name" "exit status $status, expected $want ($(head -c 160 "$err" | head -n 1))"
        return 1
    fi
    local nlines
    nlines=$(wc -l <"$err")
    if [ "$nlines" -gt "$lines_max" ]; then
        fail "$name" "$nlines lines on stderr, expected at most $lines_max ($(grep -c 'error\[' "$err") errors)"
        return 1
    fi
    if [ "$codes" != - ]; then
        local esc
        esc=$(printf '%s' "$input" | sed 's/[][\.*^$/]/\\&/g')
        if ! grep -qE "^$esc:[0-9]+:[0-9]+: error\[($codes)\]: " "$err"; then
            if grep -qE "^$esc:[0-9]+:[0-9]+: error\[E[0-9]{4}\]: " "$err"; then
                fail "$name" "wrong diagnostic, expected $codes: $(grep -m1 'error\[' "$err" | cut -c1-160)"
            else
                fail "$name" "no '$input:line:col: error[EXXXX]:' diagnostic ($(head -c 160 "$err" | head -n 1))"
            fi
            return 1
        fi
    fi
    return 0
}

# new_case NAME: a fresh directory; sets $dir and $input (the file name ddbc is given).
new_case() {
    dir=$tmp/$1
    mkdir -p "$dir"
    input=$1.sql
}

# simple NAME CODES [MAX_LINES]: run `ddbc --check $input` expecting exit 1.
simple() {
    local name=$1 codes=$2
    shift 2
    if run "$name" 1 "$codes" "$@" -- --check "$input"; then pass "$name"; fi
}

schema='CREATE TABLE t (id int PRIMARY KEY, a int, name text);'

# ---- empty and nearly empty files ----------------------------------------------

if selected empty small; then
    new_case empty
    : >"$dir/$input"
    simple empty E0012
fi

if selected whitespace_and_comments small; then
    new_case whitespace_and_comments
    printf '  \n\t\r\n-- only a comment\n/* and a block\n   comment */\n\n   \n' >"$dir/$input"
    simple whitespace_and_comments E0012
fi

# ---- garbage -------------------------------------------------------------------

if selected binary_garbage large; then
    new_case binary_garbage
    prng_bytes 20240101 65536 0 255 >"$dir/$input"
    if [ "$(wc -c <"$dir/$input")" -ne 65536 ]; then
        fail binary_garbage "awk did not produce 65536 bytes"
    else
        simple binary_garbage 'E0002|E0006'
    fi
fi

if selected ascii_garbage large; then
    # 64 KB of 7-bit garbage (control characters included) gets past the UTF-8
    # check, so the scanner itself must give up after DDBC_MAX_LEX_ERRORS.
    new_case ascii_garbage
    prng_bytes 777 65536 1 127 >"$dir/$input"
    simple ascii_garbage 'E0002|E0003|E0004|E0007|E0010'
fi

if selected garbage_statements large; then
    # 20,000 statements of well-formed tokens in nonsense order: bounded output.
    new_case garbage_statements
    awk -v s=99 'BEGIN {
        n = split("CREATE TABLE SELECT FROM WHERE ( ) , = id int text $1 ? @x NULL NOT KEY INSERT INTO VALUES ORDER BY LIMIT JOIN ON 12 . * \"q\" '\''s'\''", w, " ")
        for (i = 0; i < 20000; i++) {
            printf "CREATE TABLE g%d (", i
            for (k = 0; k < 6; k++) { s = (s * 16807) % 2147483647; printf "%s ", w[1 + s % n] }
            printf ";\n"
        }
    }' >"$dir/$input"
    simple garbage_statements 'E0010|E0011'
fi

# ---- cut short -----------------------------------------------------------------

if selected truncated_statement small; then
    new_case truncated_statement
    printf 'CREATE TABLE t (id int, name te' >"$dir/$input"
    simple truncated_statement 'E0010|E0011'
fi

if selected unterminated_string small; then
    new_case unterminated_string
    printf "%s\n-- name: GetT :one\nSELECT * FROM t WHERE name = 'abc;\n" "$schema" >"$dir/$input"
    simple unterminated_string E0003
fi

if selected unterminated_block_comment small; then
    new_case unterminated_block_comment
    printf '%s\n/* this comment\n   never ends;\nCREATE TABLE u (id int);\n' "$schema" >"$dir/$input"
    simple unterminated_block_comment E0004
fi

if selected unterminated_dollar_body small; then
    new_case unterminated_dollar_body
    printf '%s\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN NEW;\nEND;\n' "$schema" >"$dir/$input"
    simple unterminated_dollar_body E0005
fi

if selected unterminated_quoted_identifier small; then
    new_case unterminated_quoted_identifier
    printf 'CREATE TABLE "orders (id int PRIMARY KEY);\n' >"$dir/$input"
    simple unterminated_quoted_identifier E0007
fi

# ---- nesting and size limits ---------------------------------------------------

deep() { # deep N OPEN CLOSE: N opening strings, x > 0, N closing strings
    awk -v n="$1" -v o="$2" -v c="$3" 'BEGIN {
        for (i = 0; i < n; i++) printf "%s", o
        printf "a = $1"
        for (i = 0; i < n; i++) printf "%s", c
    }'
}

if selected deep_parens_where small; then
    new_case deep_parens_where
    { printf '%s\n-- name: Deep :one\nSELECT * FROM t WHERE ' "$schema"; deep 10000 '(' ')'; printf ';\n'; } >"$dir/$input"
    simple deep_parens_where E0009
fi

if selected deep_parens_check small; then
    new_case deep_parens_check
    { printf 'CREATE TABLE t (id int PRIMARY KEY, a int CHECK ('; deep 10000 '(' ')' | sed 's/\$1/0/'; printf '));\n'; } >"$dir/$input"
    simple deep_parens_check E0009
fi

if selected deep_not_chain small; then
    new_case deep_not_chain
    { printf '%s\n-- name: Deep :one\nSELECT * FROM t WHERE ' "$schema"; deep 100000 'NOT ' ''; printf ';\n'; } >"$dir/$input"
    simple deep_not_chain E0009
fi

if selected long_and_chain large; then
    new_case long_and_chain
    { printf '%s\n-- name: Long :one\nSELECT * FROM t WHERE ' "$schema"; deep 100000 'a = $1 AND ' ''; printf ';\n'; } >"$dir/$input"
    simple long_and_chain E0009
fi

if selected huge_identifier large; then
    new_case huge_identifier
    awk 'BEGIN {
        printf "CREATE TABLE t (id int PRIMARY KEY, "
        for (i = 0; i < 65536; i++) printf "abcdefghijklmnop"
        printf " int);\n"
    }' >"$dir/$input"
    simple huge_identifier E0008
fi

# ---- encodings and stray bytes --------------------------------------------------

if selected invalid_utf8_identifier small; then
    new_case invalid_utf8_identifier
    printf 'CREATE TABLE t (id int PRIMARY KEY, na\303\050me text);\n' >"$dir/$input"
    simple invalid_utf8_identifier E0006
fi

if selected invalid_utf8_comment small; then
    new_case invalid_utf8_comment
    printf '%s\n-- caf\377 au lait\n' "$schema" >"$dir/$input"
    simple invalid_utf8_comment E0006
fi

if selected nul_byte small; then
    new_case nul_byte
    printf 'CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE u (id\000 int);\nCREATE TABLE v (id int);\n' >"$dir/$input"
    if [ "$(tr -d '\000' <"$dir/$input" | wc -c)" -ne "$(($(wc -c <"$dir/$input") - 1))" ]; then
        fail nul_byte "printf did not write the NUL byte"
    else
        simple nul_byte E0002
    fi
fi

# ---- usage and I/O errors: exit 2 ----------------------------------------------

if selected dialect_nosuch small; then
    new_case dialect_nosuch
    printf '%s\n' "$schema" >"$dir/$input"
    if run dialect_nosuch 2 - -- --dialect nosuch --check "$input"; then
        if grep -q "nosuch" "$dir/.stderr"; then pass dialect_nosuch
        else fail dialect_nosuch "message does not name the dialect: $(head -n 1 "$dir/.stderr")"; fi
    fi
fi

if selected missing_input small; then
    new_case missing_input
    if run missing_input 2 - -- --check no-such-file.sql; then
        if grep -qE "error(\[E0001\])?: .*no-such-file\.sql" "$dir/.stderr"; then pass missing_input
        else fail missing_input "message does not name the file: $(head -n 1 "$dir/.stderr")"; fi
    fi
fi

# ---- a failed compile leaves out/ alone -----------------------------------------

snapshot() { # the names, sizes and checksums of everything under a directory
    (cd "$1" && find . -print | sort | while IFS= read -r f; do
        if [ -f "$f" ]; then printf '%s %s\n' "$f" "$(cksum <"$f")"; else printf '%s\n' "$f"; fi
    done)
}

if selected out_dir_untouched small; then
    new_case out_dir_untouched
    printf '%s\n-- name: GetT :one\nSELECT * FROM t WHERE id = $1;\n' "$schema" >"$dir/good.sql"
    printf '%s\n-- name: GetT :one\nSELECT nosuch FROM t WHERE id = $1;\n' "$schema" >"$dir/$input"
    mkdir -p "$dir/out"
    printf 'keep me\n' >"$dir/out/notes.txt"
    # A previous good compile's output must survive a failing one, byte for byte.
    if (cd "$dir" && timeout "$limit" "$ddbc" --emit ir -o out good.sql 2>/dev/null); then
        before=$(snapshot "$dir/out")
        if run out_dir_untouched 1 E0204 -- --emit ir -o out "$input"; then
            after=$(snapshot "$dir/out")
            if [ "$before" = "$after" ]; then pass out_dir_untouched
            else fail out_dir_untouched "out/ changed: $(diff <(echo "$before") <(echo "$after") | head -n 3 | tr '\n' ' ')"; fi
        fi
    else
        fail out_dir_untouched "the good input did not compile"
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
