# packages.sh — sourced by setup.sh and test.sh: install the Debian packages that are missing.
#
# Checks with dpkg first so a prepared machine installs nothing and needs no network.

ensure_packages() {
    local missing=()
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing: ${missing[*]}"
    local sudo=
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Node.js and npm for the server and Terraform tests (dynalite, hcl2json): Debian's
# packages when no node is installed (a machine may have its own Node.js).
ensure_node() {
    command -v node >/dev/null && command -v npm >/dev/null && return 0
    ensure_packages nodejs npm
}

# What building ddbc needs.
BUILD_PACKAGES=(build-essential cmake pkg-config flex bison libyaml-dev)
# What the test suite needs besides: cmocka, the sanitizer and fuzzing toolchain, python3
# (with PyYAML, which the table-file check reads cloudformation.yaml with) for the tests
# that read ddbc's outputs.
TEST_PACKAGES=(libcmocka-dev clang libclang-rt-14-dev python3 python3-yaml valgrind)
