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

# Node.js 20 or later and npm for the server and Terraform tests: dynalite 4 and the
# AWS SDK (tests/package.json) require Node 20.  Debian 12 ships Node 18, so when the
# node on PATH is older (or missing: then Debian's nodejs and npm first), Node 20 comes
# from the npm registry (the `node` package ships the binary) into ~/.cache/ddbc/node
# and goes first on PATH for the rest of the run.
NODE_VERSION=20.19.5
ensure_node() {
    command -v npm >/dev/null || ensure_packages nodejs npm
    local major
    major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
    [ "$major" -ge 20 ] && return 0
    local dir=${XDG_CACHE_HOME:-$HOME/.cache}/ddbc/node
    if [ ! -x "$dir/node_modules/.bin/node" ]; then
        echo "installing Node.js $NODE_VERSION from the npm registry (found Node ${major})"
        npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "node@$NODE_VERSION"
    fi
    export PATH="$dir/node_modules/.bin:$PATH"
}

# cfn-lint checks every CloudFormation template.  It is a Python tool Debian does not
# package; the CI machine image has it.  Elsewhere it is installed, pinned, into a
# virtual environment in ~/.cache/ddbc/cfn-lint (this needs PyPI); when that is not
# possible the run stops here with what to do, rather than deep inside the tests.
CFN_LINT_VERSION=1.51.0
ensure_cfn_lint() {
    command -v cfn-lint >/dev/null && return 0
    local dir=${XDG_CACHE_HOME:-$HOME/.cache}/ddbc/cfn-lint
    if [ ! -x "$dir/bin/cfn-lint" ]; then
        echo "installing cfn-lint $CFN_LINT_VERSION into $dir"
        ensure_packages python3-venv
        if ! { python3 -m venv "$dir" &&
               "$dir/bin/pip" install --quiet "cfn-lint==$CFN_LINT_VERSION"; }; then
            echo "error: cfn-lint is not installed and could not be installed from PyPI;" \
                 "install it (pip install cfn-lint==$CFN_LINT_VERSION) and run again" >&2
            exit 1
        fi
    fi
    export PATH="$dir/bin:$PATH"
}

# What building ddbc needs.
BUILD_PACKAGES=(build-essential cmake pkg-config flex bison libyaml-dev libcurl4-openssl-dev libcjson-dev)
# What the test suite needs besides: cmocka, the sanitizer and fuzzing toolchain, python3
# (with PyYAML, which the table-file check reads cloudformation.yaml with) for the tests
# that read ddbc's outputs.
TEST_PACKAGES=(libcmocka-dev clang libclang-rt-14-dev python3 python3-yaml valgrind libsqlite3-dev)
