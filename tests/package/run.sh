#!/usr/bin/env bash
# run.sh — ddbc as a user's build sees it: install, pkg-config, the CMake package.
#
#   tests/package/run.sh BUILD_DIR SOURCE_DIR
#
# Installs BUILD_DIR into a temporary prefix (then moves it: both package files
# must find their prefix from where they are), links a tiny program with
# `pkg-config --cflags --libs ddbc-rt`, configures and builds examples/app (a
# copy, so the test may edit its SQL) with find_package(Ddbc) from that prefix
# and the build's own generator and compiler, checks that a second build runs
# nothing, that touching an input reruns ddbc without recompiling, that editing
# one regenerates, that a migrations directory is followed through the depfile,
# and runs the app under moto (the shop design writes with transactions,
# which dynalite lacks).  In a -DDDBC_SANITIZE=ON build everything is compiled
# with the same sanitizers, since the installed runtime is instrumented.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2
    exit 2
fi
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ddbc-package.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "package: FAIL: $*" >&2
    exit 1
}
cache() { # the value of a CMakeCache.txt entry of the build, or ""
    sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt" | head -n1
}
generator=$(cache CMAKE_GENERATOR)
cc=$(cache CMAKE_C_COMPILER)
build_type=$(cache CMAKE_BUILD_TYPE)
libdir=$(cache CMAKE_INSTALL_LIBDIR)
[ -n "$libdir" ] || libdir=lib
san_cflags=""
san_ldflags=""
if [ "$(cache DDBC_SANITIZE)" = ON ]; then
    san_cflags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
    san_ldflags="-fsanitize=address,undefined"
fi

# ---- cmake --install, then move the tree -----------------------------------------
cmake --install "$build" --prefix "$tmp/staged" >"$tmp/install.log" || {
    cat "$tmp/install.log"
    fail "cmake --install failed"
}
mv "$tmp/staged" "$tmp/prefix"
prefix=$tmp/prefix
for f in bin/ddbc include/ddbc/rt.h include/ddbc/rt_schema.h include/ddbc/keyenc.h \
         "$libdir/pkgconfig/ddbc-rt.pc" "$libdir/cmake/Ddbc/DdbcConfig.cmake" \
         "$libdir/cmake/Ddbc/DdbcConfigVersion.cmake" "$libdir/cmake/Ddbc/DdbcTargets.cmake"; do
    [ -f "$prefix/$f" ] || fail "cmake --install did not install $f"
done
ls "$prefix/$libdir"/libddbc_rt.* >/dev/null 2>&1 || fail "no libddbc_rt in $libdir"
[ -x "$prefix/bin/ddbc" ] || fail "bin/ddbc is not executable"
"$prefix/bin/ddbc" --version | grep -q '^ddbc ' || fail "the installed ddbc does not run"
# The build's sanitizer and warning targets must not reach the package's users.
if grep -E -q 'ddbc_sanitize|ddbc_warnings|fsanitize' "$prefix/$libdir/cmake/Ddbc/"*.cmake; then
    fail "the installed CMake package mentions the build's sanitizer or warning targets"
fi
echo "ok install ($prefix)"

# ---- pkg-config ---------------------------------------------------------------------
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs ddbc-rt) || fail "pkg-config does not find ddbc-rt"
static=$(pkg-config --libs --static ddbc-rt)
for want in -lddbc_rt -lcurl -lcjson -pthread; do
    case " $static " in *" $want "*) ;; *) fail "pkg-config --static --libs ddbc-rt lacks $want: $static" ;; esac
done
cat >"$tmp/pc.c" <<'EOF'
#include <ddbc/keyenc.h>
#include <ddbc/rt.h>
#include <ddbc/rt_schema.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    /* A client from a complete configuration, made and freed: no network. */
    ddbc_rt_config cfg = DDBC_RT_CONFIG_INIT;
    cfg.endpoint = "http://127.0.0.1:9";
    cfg.region = "us-east-1";
    cfg.access_key_id = "AKIDPKGCONFIG";
    cfg.secret_access_key = "secret";
    ddbc_rt_client *c = NULL;
    ddbc_rt_status s = ddbc_rt_client_create(&cfg, &c, NULL, 0);
    ddbc_rt_client_free(c);
    printf("%s %s\n", ddbc_rt_status_name(s), ddbc_rt_status_str(DDBC_RT_NOT_FOUND));
    return s == DDBC_RT_OK && strcmp(ddbc_rt_status_name(DDBC_RT_NOT_FOUND), "NOT_FOUND") == 0 ? 0 : 1;
}
EOF
# shellcheck disable=SC2086  # flags are words
"$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror $san_cflags "$tmp/pc.c" -o "$tmp/pc" $flags $san_ldflags ||
    fail "a program does not build with \$(pkg-config --cflags --libs ddbc-rt)"
"$tmp/pc" >"$tmp/pc.out" || fail "the pkg-config program failed: $(cat "$tmp/pc.out")"
echo "ok pkg-config ($(cat "$tmp/pc.out"))"

# ---- the CMake package: examples/app ---------------------------------------------------
mkdir -p "$tmp/src"
cp -R "$src/examples/app" "$src/examples/shop" "$tmp/src/"
app=$tmp/app-build
configure() { # source-dir build-dir
    cmake -S "$1" -B "$2" -G "$generator" -DCMAKE_C_COMPILER="$cc" \
        -DCMAKE_BUILD_TYPE="${build_type:-RelWithDebInfo}" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
        -DCMAKE_C_FLAGS="$san_cflags" -DCMAKE_EXE_LINKER_FLAGS="$san_ldflags" >"$tmp/configure.log" 2>&1 || {
        cat "$tmp/configure.log"
        fail "configuring $1 against the installed package failed"
    }
}
build_log() { # build-dir log: build, keeping what the tool printed
    cmake --build "$1" --parallel 2 >"$2" 2>&1 || {
        cat "$2"
        fail "building $1 failed"
    }
}
configure "$tmp/src/app" "$app"
grep -q "^Ddbc_DIR:PATH=$prefix/$libdir/cmake/Ddbc\$" "$app/CMakeCache.txt" ||
    fail "find_package(Ddbc) did not take the package from $prefix: $(grep ^Ddbc_DIR "$app/CMakeCache.txt")"
build_log "$app" "$tmp/build1.log"
gen=$app/ddbc_shop_app
for f in c/shop.c c/shop.h shop.d; do [ -f "$gen/$f" ] || fail "ddbc_generate did not write $f"; done
for f in schema.sql queries.sql; do
    grep -q "$tmp/src/shop/$f" "$gen/shop.d" || fail "the depfile does not name $f: $(cat "$gen/shop.d")"
done
grep -q 'ddbc: generating shop.c' "$tmp/build1.log" || fail "the first build did not run ddbc"
echo "ok configure and build examples/app ($generator)"

# Nothing changed: nothing runs.
mtimes() { stat -c '%n %Y.%y' "$gen/c/shop.c" "$gen/c/shop.h" "$app/shop_app"; }
mtimes >"$tmp/m1"
build_log "$app" "$tmp/build2.log"
if grep -E 'ddbc: generating|Building C object|Linking C' "$tmp/build2.log"; then
    fail "a second build with nothing changed ran commands"
fi
if [ "$generator" = Ninja ]; then
    ninja -C "$app" -n >"$tmp/ninja-n.log"
    grep -q 'no work to do' "$tmp/ninja-n.log" || { cat "$tmp/ninja-n.log"; fail "ninja -n has work after a build"; }
fi
mtimes >"$tmp/m2"
cmp -s "$tmp/m1" "$tmp/m2" || fail "a second build changed files: $(diff "$tmp/m1" "$tmp/m2")"
echo "ok a second build runs nothing"

# Touched but unchanged: ddbc runs again, rewrites nothing, nothing recompiles.
sleep 1   # mtimes with one-second granularity must see the touch
touch "$tmp/src/shop/queries.sql"
build_log "$app" "$tmp/build3.log"
grep -q 'ddbc: generating shop.c' "$tmp/build3.log" || fail "touching queries.sql did not rerun ddbc"
if grep -E 'Building C object.*shop\.c|Linking C' "$tmp/build3.log"; then
    fail "an unchanged generated file was recompiled or relinked"
fi
mtimes >"$tmp/m3"
cmp -s "$tmp/m1" "$tmp/m3" || fail "ddbc rewrote unchanged files: $(diff "$tmp/m1" "$tmp/m3")"
if [ "$generator" = Ninja ]; then
    build_log "$app" "$tmp/build4.log"
    if grep -E 'ddbc: generating|Building|Linking' "$tmp/build4.log"; then
        fail "after an unchanged regeneration the next build still runs commands"
    fi
fi
echo "ok touching an input reruns ddbc and recompiles nothing"

# Edited: a new query regenerates, recompiles and relinks.
cat >>"$tmp/src/shop/queries.sql" <<'EOF'

-- name: GetAddress :one
SELECT * FROM addresses WHERE id = $1;
EOF
build_log "$app" "$tmp/build5.log"
grep -q 'ddbc: generating shop.c' "$tmp/build5.log" || fail "editing queries.sql did not rerun ddbc"
grep -q 'shop_get_address' "$gen/c/shop.h" || fail "the edited query is not in the regenerated shop.h"
grep -E -q 'Linking C' "$tmp/build5.log" || fail "the app was not relinked after its SQL changed"
echo "ok editing queries.sql regenerates"

# ---- the depfile alone: a migrations directory ---------------------------------------------
# Its members are named nowhere in CMake: only ddbc's depfile says the output
# depends on them.
dep=$tmp/src/migrations-app
mkdir -p "$dep/migrations"
cp "$src/examples/shop/schema.sql" "$dep/migrations/001_schema.sql"
printf -- '-- name: GetCustomer :one\nSELECT * FROM customers WHERE id = $1;\n' >"$dep/queries.sql"
cat >"$dep/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.20)
project(ddbc_migrations_app LANGUAGES C)
find_package(Ddbc REQUIRED)
add_library(store STATIC)
ddbc_generate(TARGET store SOURCES migrations queries.sql PREFIX store OUTPUT_DIR gen)
EOF
configure "$dep" "$tmp/dep-build"
build_log "$tmp/dep-build" "$tmp/dep1.log"
[ -f "$tmp/dep-build/gen/c/store.c" ] || fail "ddbc_generate with OUTPUT_DIR did not write gen/c/store.c"
grep -q 'migrations/001_schema.sql' "$tmp/dep-build/gen/store.d" ||
    fail "the depfile does not name the directory's member: $(cat "$tmp/dep-build/gen/store.d")"
sleep 1
printf 'ALTER TABLE customers ADD COLUMN nickname text;\n' >>"$dep/migrations/001_schema.sql"
build_log "$tmp/dep-build" "$tmp/dep2.log"
grep -q 'ddbc: generating store.c' "$tmp/dep2.log" ||
    fail "editing a migration did not rerun ddbc: the depfile was not followed"
grep -q 'nickname' "$tmp/dep-build/gen/c/store.h" || fail "the new column is not in the regenerated store.h"
echo "ok a migration named only in the depfile regenerates"

# ---- run the app against moto ----------------------------------------------------------------
"$src/tests/lib/with_server.sh" moto "$app/shop_app" >"$tmp/run.log" 2>&1 || {
    cat "$tmp/run.log"
    fail "examples/app failed against moto"
}
cat "$tmp/run.log"
grep -q '^ok: ' "$tmp/run.log" || fail "examples/app did not report ok"
echo "ok examples/app against moto"
