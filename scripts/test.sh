#!/usr/bin/env bash
# test.sh — the whole test suite, as CI runs it: installs what is missing (Debian
# packages, Node.js 20, the pinned npm packages, cfn-lint), then a build with warnings
# as errors, every ctest (unit, golden, corpus, bad inputs, planner experts, table files,
# server round trip), the same again under ASan+UBSan, and a short libFuzzer run.
# DDBC_FUZZ_SECONDS sets the fuzz budget (default 60; 0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/packages.sh
ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_node
ensure_cfn_lint
# The pinned npm packages the server and Terraform tests run (tests/package.json).
npm ci --prefix tests --no-audit --no-fund --loglevel=error
jobs=$(nproc)
passed=0

run_suite() { # build-dir, cmake options…
    local dir=$1
    shift
    cmake -S . -B "$dir" -DBUILD_TESTING=ON -DDDBC_WERROR=ON "$@" >/dev/null
    cmake --build "$dir" -j"$jobs"
    ctest --test-dir "$dir" --output-on-failure -j"$jobs" | tee "$dir/ctest.log"
    passed=$((passed + $(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' "$dir/ctest.log")))
}

echo "== build and test (warnings as errors)"
run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== build and test under AddressSanitizer and UndefinedBehaviorSanitizer"
# The sanitizers look for memory errors, not for differences from SQL: the
# differential tests (tests/e2e) load fewer rows here than in the first pass.
DDBC_DIFF_ROWS=${DDBC_DIFF_ROWS_ASAN:-30} \
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DDDBC_SANITIZE=ON
seconds=${DDBC_FUZZ_SECONDS:-60}
if [ "$seconds" != 0 ]; then
    echo "== fuzzing the compiler (parse, check, plan, emit) for ${seconds}s"
    bash tests/fuzz/run.sh "$seconds"
    passed=$((passed + 1))
fi
echo "summary: $passed passed, 0 failed"
