#!/usr/bin/env bash
# setup.sh — install what is missing, build ddbc, and compile the shop example into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/packages.sh
ensure_packages "${BUILD_PACKAGES[@]}"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)"
./build/ddbc examples/shop/schema.sql examples/shop/queries.sql -o out/
echo "ddbc built: ./build/ddbc and ./build/libddbc_rt.a; the shop example's design is in out/design.json (lock: out/ddbc.lock, report: out/report.md, C accessors: out/c/db.h and out/c/db.c)"
