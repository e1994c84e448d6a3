#!/usr/bin/env bash
# cli.sh — ddbc's options for build tools: --prefix and --depfile.
#
#   tests/package/cli.sh DDBC
#
# --prefix names the generated C files and overrides c_prefix of ddbc.yaml, and
# refuses what is not a C identifier; --depfile writes, in Makefile syntax with
# the awkward characters escaped, every output of the run depending on every
# file ddbc read (directory members, ddbc.yaml, the lock), is rewritten only
# when it changes, and is left alone by a failed run.
set -euo pipefail
ddbc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
shop=$here/../../examples/shop
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ddbc-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

fail() {
    echo "cli: FAIL: $*" >&2
    exit 1
}
status_of() { # command…: its exit status, output in $tmp/log
    local s=0
    "$@" >"$tmp/log" 2>&1 || s=$?
    echo "$s"
}

# ---- --help -----------------------------------------------------------------------
"$ddbc" --help | grep -q -- '--prefix NAME' || fail "--help does not describe --prefix"
"$ddbc" --help | grep -q -- '--depfile FILE' || fail "--help does not describe --depfile"

# ---- --prefix ---------------------------------------------------------------------
long=$(printf 'p%.0s' $(seq 64))
for bad in 9lives a-b 'a b' int '' "$long" 'é'; do
    s=$(status_of "$ddbc" "$shop/schema.sql" --prefix "$bad" -o "$tmp/bad-out")
    [ "$s" = 2 ] || fail "--prefix '$bad' exited $s, expected 2"
    grep -q "invalid --prefix '$bad'" "$tmp/log" || fail "--prefix '$bad': $(cat "$tmp/log")"
    [ ! -e "$tmp/bad-out" ] || fail "--prefix '$bad' wrote the output directory"
done

mkdir prefixed
printf 'c_prefix: from_yaml\n' >prefixed/ddbc.yaml
(cd prefixed && "$ddbc" "$shop/schema.sql" "$shop/queries.sql" --emit c -o out 2>/dev/null) ||
    fail "--emit c with c_prefix from ddbc.yaml failed"
[ -f prefixed/out/c/from_yaml.h ] && [ -f prefixed/out/c/from_yaml.c ] ||
    fail "c_prefix: from_yaml did not name the generated files: $(ls -R prefixed/out)"
(cd prefixed && "$ddbc" "$shop/schema.sql" "$shop/queries.sql" --emit c --prefix shop_v2 -o out2 2>/dev/null) ||
    fail "--prefix shop_v2 failed"
[ -f prefixed/out2/c/shop_v2.h ] && [ -f prefixed/out2/c/shop_v2.c ] ||
    fail "--prefix did not override c_prefix: $(ls -R prefixed/out2)"
[ ! -e prefixed/out2/c/from_yaml.h ] || fail "--prefix wrote the c_prefix files as well"
grep -q '#include "shop_v2.h"' prefixed/out2/c/shop_v2.c || fail "shop_v2.c does not include shop_v2.h"
grep -q 'shop_v2_customer_put' prefixed/out2/c/shop_v2.h || fail "shop_v2.h does not use the prefix"
echo "ok --prefix"

# ---- --depfile --------------------------------------------------------------------
# Awkward names: a space, '#' and '$' must reach make and ninja intact.
mkdir -p "work/my migrations" work/lock
cp "$shop/schema.sql" "work/my migrations/001_schema.sql"
printf 'ALTER TABLE customers ADD COLUMN nickname text;\n' >"work/my migrations/002_ni\$ck.sql"
printf 'ALTER TABLE customers ADD COLUMN x text;\n' >"work/my migrations/003_down.down.sql"
cp "$shop/queries.sql" "work/que#ries.sql"
printf 'table_name: shop\n' >work/ddbc.yaml
cd work
"$ddbc" "my migrations" "que#ries.sql" --emit design,lock -o out --depfile "deps/out.d" 2>/dev/null ||
    fail "ddbc with --depfile failed"
cat >"$tmp/want1.d" <<'EOF'
out/ddbc.lock: \
  ddbc.yaml \
  my\ migrations/001_schema.sql \
  my\ migrations/002_ni$$ck.sql \
  que\#ries.sql
EOF
diff -u "$tmp/want1.d" deps/out.d || fail "the depfile differs"
# One target, the output that sorts first.  make reads it as meant: every name
# resolves to an existing file (a misread '$' or space would name a missing
# one: exit 2), and each input, alone newer than the output, makes it out of
# date (a '#' read as a comment would not).
inputs=(ddbc.yaml "my migrations/001_schema.sql" "my migrations/002_ni\$ck.sql" "que#ries.sql")
touch -d '2000-01-01' out/design.json out/ddbc.lock
printf 'out/ddbc.lock:\n\t@echo remake $@\n' >"$tmp/recipe.mk"   # -q needs a recipe
for newer in "${inputs[@]}"; do
    for f in "${inputs[@]}"; do touch -d '1999-01-01' "$f"; done
    touch -d '2001-01-01' "$newer"
    s=$(status_of make -q -f deps/out.d -f "$tmp/recipe.mk" out/ddbc.lock)
    [ "$s" = 1 ] || fail "make -q with '$newer' newer: exit $s, $(cat "$tmp/log")"
done
for f in "${inputs[@]}"; do touch -d '1999-01-01' "$f"; done
s=$(status_of make -q -f deps/out.d -f "$tmp/recipe.mk" out/ddbc.lock)
[ "$s" = 0 ] || fail "make -q with every input older: exit $s, $(cat "$tmp/log")"

# Unchanged: the depfile is not rewritten.
touch -d '2001-09-09 01:46:40' deps/out.d
ino=$(stat -c %i deps/out.d)
# The lock is now read from out/ too, but it is an output: never its own input.
"$ddbc" "my migrations" "que#ries.sql" --emit design,lock -o out --depfile deps/out.d 2>/dev/null ||
    fail "the second run failed"
diff -u "$tmp/want1.d" deps/out.d || fail "the depfile changed on a run with the same inputs"
[ "$(stat -c %Y deps/out.d)" = 1000000000 ] && [ "$(stat -c %i deps/out.d)" = "$ino" ] ||
    fail "an unchanged depfile was rewritten"

# An explicit lock is an input like the others; a directory's new member too.
cp out/ddbc.lock lock/shop.lock
printf -- '-- name: GetCustomerByPhone :one\nSELECT * FROM customers WHERE phone = $1;\n' \
    >"my migrations/004_more.sql"
"$ddbc" "my migrations" "que#ries.sql" --emit design -o out --lock lock/shop.lock \
    --config ddbc.yaml --depfile deps/out.d 2>/dev/null || fail "the run with --lock failed"
cat >"$tmp/want2.d" <<'EOF'
out/design.json: \
  ddbc.yaml \
  my\ migrations/001_schema.sql \
  my\ migrations/002_ni$$ck.sql \
  my\ migrations/004_more.sql \
  que\#ries.sql \
  lock/shop.lock
EOF
diff -u "$tmp/want2.d" deps/out.d || fail "the depfile with --lock differs"

# A failed run leaves the depfile (and out/) as they were.
cp deps/out.d "$tmp/before.d"
printf -- '-- name: GetNothing :one\nSELECT * FROM no_such_table WHERE id = $1;\n' >broken.sql
s=$(status_of "$ddbc" "my migrations" broken.sql --emit design -o out --depfile deps/out.d)
[ "$s" = 1 ] || fail "a broken input exited $s, expected 1"
cmp -s "$tmp/before.d" deps/out.d || fail "a failed run changed the depfile"

# Misuse.
s=$(status_of "$ddbc" "que#ries.sql" --check --depfile deps/x.d)
[ "$s" = 2 ] && grep -q -- '--depfile needs an output directory' "$tmp/log" ||
    fail "--depfile with --check: exit $s, $(cat "$tmp/log")"
printf 'x' >plainfile
s=$(status_of "$ddbc" "my migrations" "que#ries.sql" --emit design -o out2 --depfile plainfile/x.d)
[ "$s" = 2 ] && grep -q "plainfile" "$tmp/log" || fail "an unwritable depfile: exit $s, $(cat "$tmp/log")"
echo "ok --depfile"
