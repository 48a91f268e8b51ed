# shellcheck shell=bash disable=SC2317  # SC2317: installers are called indirectly, via _tc_locked "$@"
#
# Toolchain bootstrap for pulumi-codeartsrepo. Source it from bash:
#
#     . scripts/toolchain.sh
#
# Afterwards PATH starts with Node >= 22, followed by the Pulumi CLI, the language hosts
# pulumi-language-nodejs, pulumi-language-yaml and pulumi-language-python, and
# pulumi-resource-pulumi-nodejs; npm dependencies match package.json / package-lock.json, and a Python
# virtual environment holds the pulumi package for Python programs. Anything that has to be fetched or
# built lives in $CACHE (outside the repository) and is reused:
#
#     CACHE=${CODEARTSREPO_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-codeartsrepo}
#       node-v<version>/bin/node         Node from the npm registry (package node-<os>-<arch>)
#       pulumi-v<cli>-nodejs-v<sdk>/bin/ pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs,
#                                        and symlinks to the YAML and Python hosts below
#       pulumi-language-yaml-v<version>/bin/
#                                        pulumi-language-yaml
#       pulumi-language-python-v<sdk>/bin/
#                                        pulumi-language-python, pulumi-language-python-exec
#       */src/                           a wrapper module (go.mod, go.sum, build.log) for each Go program
#                                        of the directory's one-time build
#       python-venv-pulumi-<version>/    virtualenv (made with python3 >= 3.10) with pulumi from PyPI,
#                                        and wheels/: what a generated Python SDK installs, offline
#       s3-server-moto-<version>/        virtualenv with moto[server] from PyPI: the tests' S3-compatible
#                                        server, where the Pulumi CLI keeps state through s3://…
#
# Exports: PULUMI_SKIP_UPDATE_CHECK, PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION,
# CODEARTSREPO_PULUMI_BIN (directory of the pulumi binary), CODEARTSREPO_PULUMI_NODEJS_DIR
# (this repository's node_modules/@pulumi/pulumi, read by our dynamic-provider launcher) and
# CODEARTSREPO_PYTHON_VENV (the virtualenv's directory: a Python program's Pulumi.yaml names it as
# `runtime: {name: python, options: {virtualenv: <it>}}`, or PULUMI_PYTHON_CMD=<it>/bin/python) and
# CODEARTSREPO_PYTHON_WHEELS (pip install --no-index --find-links <it> installs a generated SDK) and
# CODEARTSREPO_S3_SERVER_PYTHON (the Python that runs tests/support/s3-server.py).
#
# Knobs: CODEARTSREPO_TOOLCHAIN_CACHE (cache root), CODEARTSREPO_NODE_VERSION (Node fetched when PATH
# has none >= 22). The Pulumi versions are not knobs: those below (_TC_PULUMI_CLI_VERSION, the hosts',
# _TC_PYTHON_PULUMI_VERSION) are the ones tested.
#
# The caller may run with `set -euo pipefail` or without it. Because errexit is suspended inside
# functions called from a condition, nothing below relies on it: every step checks its own failures,
# prints one "[toolchain] error: ..." line and the script returns 1 (exits 1 when executed directly).
# Apart from PATH and the exports above, nothing is left behind in the calling shell.

_TC_NODE_MIN_MAJOR=22
_TC_NODE_DEFAULT_VERSION=22.23.3
_TC_GO_MIN=1.26.6   # the go directive of github.com/pulumi/pulumi/pkg/v3 v3.276.0's go.mod

_tc_log() { printf '[toolchain] %s\n' "$*" >&2; }
_tc_err() { printf '[toolchain] error: %s\n' "$*" >&2; }

# Microseconds since the epoch, without forking where bash >= 5 provides EPOCHREALTIME.
_tc_now_us() {
    if [[ -n "${EPOCHREALTIME:-}" ]]; then
        local t=${EPOCHREALTIME/[^0-9]/}   # drop the locale's decimal separator
        printf '%s\n' "$((10#$t))"
    else
        printf '%s\n' "$(($(date +%s%N) / 1000))"
    fi
}

# True when version $1 (up to three dot-separated numbers: 1.26.6, 3.11) is at least $2.
_tc_version_ge() {
    local a b i
    IFS=. read -ra a <<<"$1"
    IFS=. read -ra b <<<"$2"
    for i in 0 1 2; do
        if ((10#${a[i]:-0} != 10#${b[i]:-0})); then
            ((10#${a[i]:-0} > 10#${b[i]:-0}))
            return
        fi
    done
}

# "83" -> "1m23s"
_tc_fmt_secs() { if (($1 >= 60)); then printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); else printf '%ds' "$1"; fi; }

# Put $1 at the front of PATH, dropping any earlier occurrence of it.
_tc_path_prepend() {
    local p=":${PATH}:"
    p=${p//":$1:"/:}
    p=${p#:}
    p=${p%:}
    PATH="$1${p:+:$p}"
}

# Run the given command while holding an exclusive lock on $CACHE/.lock, so that concurrent runs
# (two terminals, parallel CI jobs sharing a cache) never install or build the same thing twice.
# The command runs in a subshell: its traps and `cd`s stay there, and fd 9 is released on return.
_tc_locked() {
    (
        if command -v flock >/dev/null 2>&1; then
            if ! flock -n 9; then
                _tc_log "waiting for another run that holds $_TC_CACHE/.lock…"
                flock 9 || exit 1
            fi
        fi
        "$@"
    ) 9>>"$_TC_CACHE/.lock"
}

# --- Node ---------------------------------------------------------------------------------------------

# Fetch node-<os>-<arch>@$1 from the npm registry into $2 (…/node-v$1). Its tarball is the official Node
# build with the binary at package/bin/node; we keep only that binary. `npm pack` is used rather than
# `npm install` because it needs no package.json, runs no install scripts and still checks integrity.
_tc_install_node() {
    local version=$1 dest=$2 os arch tmp tgz
    [[ -x "$dest/bin/node" ]] && return 0   # another run installed it while we waited for the lock
    case "$(uname -s)" in
        Linux) os=linux ;;
        Darwin) os=darwin ;;
        *) _tc_err "cannot fetch Node for $(uname -s): install Node >= $_TC_NODE_MIN_MAJOR and put it on PATH."; return 1 ;;
    esac
    case "$(uname -m)" in
        x86_64 | amd64) arch=x64 ;;
        aarch64 | arm64) arch=arm64 ;;
        *) _tc_err "cannot fetch Node for $(uname -m): install Node >= $_TC_NODE_MIN_MAJOR and put it on PATH."; return 1 ;;
    esac
    if ! command -v npm >/dev/null 2>&1; then
        _tc_err "Node >= $_TC_NODE_MIN_MAJOR is not on PATH and npm is missing, so it cannot be fetched: install Node $_TC_NODE_MIN_MAJOR."
        return 1
    fi
    _tc_log "fetching Node $version (node-$os-$arch) from the npm registry — one time…"
    rm -rf "$_TC_CACHE"/.tmp-node.*   # leftovers of a killed run; we hold the lock, so nobody else's
    tmp=$(mktemp -d "$_TC_CACHE/.tmp-node.XXXXXX") || return 1
    # shellcheck disable=SC2064  # expand $tmp now: it is local to this function
    trap "rm -rf '$tmp'" EXIT
    if ! (cd "$tmp" && npm pack "node-$os-$arch@$version" --pack-destination "$tmp" --no-audit --no-fund \
        </dev/null >"$tmp/npm.log" 2>&1); then
        cat "$tmp/npm.log" >&2
        _tc_err "npm pack node-$os-$arch@$version failed (output above)."
        return 1
    fi
    tgz=$(printf '%s\n' "$tmp"/node-*.tgz)
    mkdir -p "$tmp/node-v$version/bin" || return 1
    if ! tar -xzf "$tgz" -C "$tmp" package/bin/node \
        || ! mv "$tmp/package/bin/node" "$tmp/node-v$version/bin/node" \
        || [[ "$("$tmp/node-v$version/bin/node" -v 2>/dev/null)" != "v$version" ]]; then
        _tc_err "the node-$os-$arch@$version package did not contain a working package/bin/node."
        return 1
    fi
    chmod 755 "$tmp/node-v$version" || return 1
    rm -rf "$dest" && mv "$tmp/node-v$version" "$dest"   # rename within $CACHE: atomic
}

# Leaves Node >= 22 first on PATH, its version in _tc_node_version and, when it is not PATH's own
# node, its directory in _tc_node_dir.
_tc_setup_node() {
    local v=
    command -v node >/dev/null 2>&1 && v=$(node -v 2>/dev/null)
    v=${v#v}
    if [[ "$v" =~ ^([0-9]+)\. ]] && ((BASH_REMATCH[1] >= _TC_NODE_MIN_MAJOR)); then
        _tc_node_version=v$v
        _tc_log "node v$v from PATH ($(command -v node))"
        return 0
    fi
    local want=${CODEARTSREPO_NODE_VERSION:-$_TC_NODE_DEFAULT_VERSION}
    want=${want#v}
    if [[ ! "$want" =~ ^([0-9]+)\.[0-9]+\.[0-9]+$ ]] || ((BASH_REMATCH[1] < _TC_NODE_MIN_MAJOR)); then
        _tc_err "CODEARTSREPO_NODE_VERSION must be an exact version >= $_TC_NODE_MIN_MAJOR.0.0 (got \"$want\")."
        return 1
    fi
    local dir=$_TC_CACHE/node-v$want
    if [[ ! -x "$dir/bin/node" ]]; then
        _tc_locked _tc_install_node "$want" "$dir" || return 1
    else
        local had="no node"
        [[ -n "$v" ]] && had="node v$v, too old"
        _tc_log "node v$want from the cache (PATH has $had)"
    fi
    _tc_path_prepend "$dir/bin"
    _tc_node_dir=$dir/bin
    _tc_node_version=v$want
}

# --- npm dependencies --------------------------------------------------------------------------------

# Hash of package.json + package-lock.json; node_modules/.install-stamp holds the hash of the last
# successful install, so an unchanged tree costs one sha256sum and no npm start-up.
_tc_deps_hash() {
    local files=("$_TC_ROOT/package.json")
    [[ -f "$_TC_ROOT/package-lock.json" ]] && files+=("$_TC_ROOT/package-lock.json")
    cat "${files[@]}" | sha256sum | cut -d' ' -f1
}

_tc_install_deps() {
    if [[ -f "$_TC_ROOT/package-lock.json" ]]; then
        _tc_log "installing npm dependencies (npm ci)…"
        if ! (cd "$_TC_ROOT" && npm ci --no-audit --no-fund </dev/null >&2); then
            _tc_err "npm ci failed (output above)."
            return 1
        fi
    else
        _tc_log "installing npm dependencies (npm install; no package-lock.json)…"
        if ! (cd "$_TC_ROOT" && npm install --no-audit --no-fund </dev/null >&2); then
            _tc_err "npm install failed (output above)."
            return 1
        fi
    fi
    # Hash again: `npm install` may just have written package-lock.json.
    _tc_deps_hash >"$_TC_ROOT/node_modules/.install-stamp"
}

_tc_setup_deps() {
    local want have=
    want=$(_tc_deps_hash) || return 1
    [[ -f "$_TC_ROOT/node_modules/.install-stamp" ]] && have=$(<"$_TC_ROOT/node_modules/.install-stamp")
    if [[ -d "$_TC_ROOT/node_modules" && "$have" == "$want" ]]; then
        _tc_log "npm dependencies up to date"
        return 0
    fi
    # A node_modules that is a symlink is shared with another checkout (a git worktree pointing at the
    # main one's): npm ci would empty the link's target under that checkout and replace the link by a
    # directory, so install nothing through it. It was installed for the other checkout's package.json.
    if [[ -L "$_TC_ROOT/node_modules" ]]; then
        _tc_log "warning: node_modules links to $(readlink "$_TC_ROOT/node_modules"), installed for another package.json; used as it is (npm ci would empty it for the other checkout)"
        return 0
    fi
    _tc_locked _tc_install_deps
}

# --- Pulumi -----------------------------------------------------------------------------------------

# The Pulumi CLI the suite runs on, and the Node.js language host that runs programs for it. Both are
# built from the Go module proxy, which serves github.com/pulumi/pulumi/pkg/v3 up to the CLI version
# below. The CLI no longer follows the installed @pulumi/pulumi: the engine and the Node.js SDK speak
# a versioned gRPC protocol to each other, so users mix them freely, and the proxy does not serve
# every release of both (pkg/v3 3.270.0 is refused, for one).
_TC_PULUMI_CLI_VERSION=3.276.0
# pulumi-language-nodejs is its own Go module, not tagged per release: the proxy serves it only as the
# pseudo-version of the commit tagged v3.163.0 (later ones tried, such as that of the commit tagged
# v3.259.0, and @latest are refused with 403). That source does not compile against sdk/v3
# 3.276.0 (its APIs moved), so it is built in its own wrapper module pinning pkg/sdk v3.163.0, the
# versions its go.mod asks for. The host starts node on the installed @pulumi/pulumi's own run script
# and relays gRPC, so the program runs on that SDK whatever the host's age; the whole suite passes
# with this pair (engine 3.276.0, host 3.163.0, SDK 3.276.0).
# pulumi-language-python (sdk/python/cmd/pulumi-language-python/v3) is served likewise, as the
# pseudo-version of the same commit, and is built the same way into a directory of its own.
_TC_LANGUAGE_HOST_SDK_VERSION=3.163.0
_TC_LANGUAGE_HOST_MODULE_VERSION=v3.0.0-20250417110128-49fb14839a5a
# pulumi-language-yaml is tagged per release in its own repository (github.com/pulumi/pulumi-yaml); its
# wrapper module requires only it, and go mod tidy takes the pkg/sdk v3.206.0 its go.mod asks for.
_TC_YAML_HOST_VERSION=1.25.0

# The engine launches pulumi-resource-pulumi-nodejs to serve dynamic providers (pulumi.dynamic.Resource).
# @pulumi/pulumi ships one, but not as a package "bin", so it is not in node_modules/.bin, and it
# resolves the SDK with require.resolve from its working directory, which the engine sets to the
# program's directory: for Automation API inline programs that is the calling process's cwd, for a
# workDir project that directory. Anywhere without this repo's node_modules above it (a test run from
# another directory, a project in a temp dir) it fails with "Cannot find module
# '@pulumi/pulumi/cmd/dynamic-provider'" (pulumi/pulumi#5455). Our own launcher does the same, then falls
# back to CODEARTSREPO_PULUMI_NODEJS_DIR. It sits next to the pulumi binary because the engine looks
# there for "bundled" plugins and warns ("using … from $PATH") when PATH yields a different copy.
_tc_launcher_text() {
    cat <<'EOF'
#!/bin/sh
# pulumi-resource-pulumi-nodejs, generated by pulumi-codeartsrepo's scripts/toolchain.sh (launcher v1).
# Runs @pulumi/pulumi's dynamic provider with node: the SDK is resolved from the working directory
# first (like the launcher in the @pulumi/pulumi package), else CODEARTSREPO_PULUMI_NODEJS_DIR.
script=$(node -e 'try { console.log(require.resolve("@pulumi/pulumi/cmd/dynamic-provider")) } catch (e) {}' 2>/dev/null)
if [ -z "$script" ] && [ -n "${CODEARTSREPO_PULUMI_NODEJS_DIR:-}" ]; then
    script=$CODEARTSREPO_PULUMI_NODEJS_DIR/cmd/dynamic-provider
fi
if [ -z "$script" ]; then
    echo "pulumi-resource-pulumi-nodejs: cannot find @pulumi/pulumi from $(pwd); set CODEARTSREPO_PULUMI_NODEJS_DIR" >&2
    exit 1
fi
exec node "$script" "$@"
EOF
}

# pulumi-language-python runs `<python> pulumi-language-python-exec [--option value]… PROGRAM [ARGS…]`,
# the script found next to its own binary, with the program's interpreter (its virtualenv's). Pulumi's
# releases ship that script beside the host, but it lies outside the Go module the host is built from
# and the pulumi package on PyPI has none, so we supply our own. Written for the pulumi package of
# CODEARTSREPO_PYTHON_VENV (Settings(organization=…, root_directory=…) need a recent SDK).
_tc_python_exec_text() {
    cat <<'EOF'
#!/usr/bin/env python3
# pulumi-language-python-exec, generated by pulumi-codeartsrepo's scripts/toolchain.sh (exec v1).
# pulumi-language-python runs it with the program's interpreter to configure the pulumi runtime from
# the options it passes and run PROGRAM (a file, or a directory holding __main__.py) in the stack.
import argparse
import asyncio
import logging
import os
import runpy
import sys
import traceback

# The host takes this exit code to mean "the error is reported already" and adds no message of its own.
ERROR_REPORTED = 32

try:
    import pulumi
    import pulumi.runtime
except ImportError:
    print(traceback.format_exc(), file=sys.stderr)
    print(f"The pulumi package is not installed for {sys.executable}: install it into the program's virtualenv.",
          file=sys.stderr)
    sys.exit(1)


def main() -> int:
    parser = argparse.ArgumentParser(prog="pulumi-language-python-exec")
    for option in ("monitor", "engine", "project", "stack", "organization", "root_directory", "pwd",
                   "dry_run", "parallel", "tracing"):
        parser.add_argument("--" + option)
    parser.add_argument("program")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    opts = parser.parse_args()

    runtime = pulumi.runtime
    runtime.set_all_config(runtime.get_config_env(), runtime.get_config_secret_keys_env())
    runtime.configure(runtime.Settings(
        project=opts.project, stack=opts.stack, monitor=opts.monitor, engine=opts.engine,
        parallel=int(opts.parallel) if opts.parallel else None, dry_run=opts.dry_run == "true",
        organization=opts.organization, root_directory=opts.root_directory))
    sys.argv = [opts.program, *opts.args]
    if opts.pwd:
        os.chdir(opts.pwd)
    # A failed program leaves futures that nobody awaits; asyncio's complaints about them are noise.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(runtime.run_in_stack(lambda: runpy.run_path(opts.program, run_name="__main__")))
        return 0
    except pulumi.RunError as err:
        pulumi.log.error(str(err))
    except Exception:  # the program's own failure: report its traceback
        pulumi.log.error(traceback.format_exc())
    finally:
        loop.close()
        sys.stdout.flush()
        sys.stderr.flush()
    return ERROR_REPORTED


if __name__ == "__main__":
    sys.exit(main())
EOF
}

# (Re)write executable $1 with the output of function $2 if it is missing or differs; atomic, so no
# lock is needed.
_tc_write_script() {
    local f=$1 want
    want=$("$2")
    [[ -x "$f" && "$(<"$f")" == "$want" ]] && return 0
    printf '%s\n' "$want" >"$f.tmp.$$" && chmod 755 "$f.tmp.$$" && mv -f "$f.tmp.$$" "$f"
}
_tc_write_launcher() { _tc_write_script "$1/pulumi-resource-pulumi-nodejs" _tc_launcher_text; }

# Make $2 a symlink to $1 unless it is one already; atomic, like _tc_write_script.
_tc_link() {
    [[ -L "$2" && "$(readlink "$2")" == "$1" ]] && return 0
    ln -sf "$1" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"
}

# Background heartbeat for the Go build: a line every 15 s so a user (or a CI log) sees it is alive.
# `sleep & wait` rather than a bare sleep so that the TERM trap fires at once and takes the sleep along.
_tc_heartbeat() {
    local log=$1 start=$SECONDS dl pkgs s=''
    trap 'kill "$s" 2>/dev/null; exit 0' TERM
    while :; do
        sleep 15 >/dev/null 2>&1 &
        s=$!
        wait "$s"
        dl=$(grep -c '^go: downloading' "$log" 2>/dev/null || true)
        pkgs=$(grep -vc '^go: ' "$log" 2>/dev/null || true)   # `go build -v` prints one package per line
        _tc_log "  … $(_tc_fmt_secs $((SECONDS - start))): ${dl:-0} modules downloaded, ${pkgs:-0} packages compiled"
    done
}

# Build Go package $2 into $bin (set by the caller) from a wrapper module in directory $1, linked with
# -ldflags $3 (the version stamp), whose go.mod requires the tab-indented "module version" lines $4.
# Its go.mod, go.sum and build.log stay in the cache, to show what was built from what.
_tc_go_build() {
    local src=$1 pkg=$2 ldflags=$3 req=$4 log
    mkdir -p "$src" || return 1
    {
        printf 'module pulumi-codeartsrepo/toolchain/%s\n\ngo %s\n\nrequire (\n%s\n)\n' \
            "$(basename "$src")" "$_TC_GO_MIN" "$req"
    } >"$src/go.mod" || return 1
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$pkg" >"$src/tools.go" || return 1
    log=$src/build.log
    : >"$log"
    _tc_heartbeat "$log" 9>&- &   # 9>&-: the heartbeat must not keep the lock
    _tc_hb=$!
    if ! (
        cd "$src" || exit 1
        # sum.golang.org has no entries for these modules (pkg/v3 at the CLI's version, the untagged
        # language hosts), so skip the checksum DB for them only.
        export GONOSUMDB=${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi/pkg,github.com/pulumi/pulumi/sdk/nodejs,github.com/pulumi/pulumi/sdk/python
        # Static binaries that need no C toolchain, like the official Pulumi releases.
        export CGO_ENABLED=0
        go mod tidy &&
            go build -v -buildvcs=false -ldflags "$ldflags" -o "$bin/" "$pkg"
    ) </dev/null >>"$log" 2>&1; then
        kill "$_tc_hb" 2>/dev/null
        _tc_hb=''
        tail -n 30 "$log" >&2
        _tc_err "building $pkg failed (last lines of its Go log above)."
        return 1
    fi
    kill "$_tc_hb" 2>/dev/null
    _tc_hb=''
}

# -ldflags stamping version $1 into a program of github.com/pulumi/pulumi (the Automation API refuses
# an unstamped CLI), and go.mod require lines pinning pkg/v3 and sdk/v3 at version $1.
_tc_pulumi_stamp() { printf -- '-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v%s' "$1"; }
_tc_pulumi_requires() { printf '\tgithub.com/pulumi/pulumi/pkg/v3 v%s\n\tgithub.com/pulumi/pulumi/sdk/v3 v%s\n' "$1" "$1"; }

# Build pulumi-language-$2 (nodejs, python) of $_TC_LANGUAGE_HOST_MODULE_VERSION into $bin, from a
# wrapper module under $1/src pinning pkg/sdk v$_TC_LANGUAGE_HOST_SDK_VERSION (see there why).
_tc_build_language_host() {
    local sdk=$_TC_LANGUAGE_HOST_SDK_VERSION
    _tc_go_build "$1/src/pulumi-language-$2" "github.com/pulumi/pulumi/sdk/$2/cmd/pulumi-language-$2/v3" \
        "$(_tc_pulumi_stamp "$sdk")" \
        "$(_tc_pulumi_requires "$sdk")$(printf '\n\tgithub.com/pulumi/pulumi/sdk/%s/cmd/pulumi-language-%s/v3 %s' \
            "$2" "$2" "$_TC_LANGUAGE_HOST_MODULE_VERSION")"
}

# True when $1/bin holds every executable named in $2….
_tc_have_bins() {
    local dir=$1 name
    shift
    for name; do [[ -x "$dir/bin/$name" ]] || return 1; done
}

# Go ≥ $_TC_GO_MIN is needed to build $1 ("Pulumi CLI v…", "pulumi-language-yaml v…").
_tc_check_go() {
    local what=$1 go_version
    if ! command -v go >/dev/null 2>&1; then
        _tc_err "$what not found and Go is not installed: install Go ≥ $_TC_GO_MIN (go.dev/dl; Debian 12's golang is too old) or put $what on PATH."
        return 1
    fi
    go_version=$(go env GOVERSION 2>/dev/null) && go_version=${go_version#go}
    if [[ ! "$go_version" =~ ^[0-9]+\.[0-9]+(\.[0-9]+)? ]] || ! _tc_version_ge "${BASH_REMATCH[0]}" "$_TC_GO_MIN"; then
        _tc_err "$what not found and Go ${go_version:-?} is too old to build it: install Go ≥ $_TC_GO_MIN or put $what on PATH."
        return 1
    fi
}

# Build cache directory $1 ($2 in messages) with recipe $3, a function that builds into $bin from
# wrapper modules under its argument; $4… are the executables $1/bin must then hold. The recipe runs
# in a temp dir under $CACHE, renamed into place only when complete, so an interrupted build never
# leaves a half cache. Runs under _tc_locked.
_tc_build_dir() {
    local dest=$1 what=$2 recipe=$3 name=${1##*/} tmp bin start=$SECONDS
    shift 3
    _tc_hb=''   # heartbeat pid; not local, the EXIT trap may run after this function has returned
    _tc_have_bins "$dest" "$@" && return 0   # built while we waited for the lock
    rm -rf "$_TC_CACHE/.tmp-$name".*   # leftovers of a killed run; we hold the lock, so nobody else's
    tmp=$(mktemp -d "$_TC_CACHE/.tmp-$name.XXXXXX") || return 1
    # shellcheck disable=SC2064  # expand $tmp now; $_tc_hb is read when the trap fires
    trap "[ -n \"\${_tc_hb:-}\" ] && kill \"\$_tc_hb\" 2>/dev/null; rm -rf '$tmp'" EXIT
    bin=$tmp/bin
    mkdir "$bin" || return 1
    "$recipe" "$tmp" || return 1
    if ! _tc_have_bins "$tmp" "$@"; then
        _tc_err "building $what left no $* in $bin."
        return 1
    fi
    chmod 755 "$tmp" || return 1
    rm -rf "$dest" && mv "$tmp" "$dest" || return 1
    _tc_log "built $what in $(_tc_fmt_secs $((SECONDS - start)))"
}

# _tc_build_dir under the cache lock, once Go is known to be able to build it.
_tc_build_locked() { _tc_check_go "$2" && _tc_locked _tc_build_dir "$@"; }

# Recipe for the pulumi-v<cli>-nodejs-v<sdk> directory: the CLI and the Node.js language host, in two
# wrapper modules because the two programs need different sdk/v3s.
_tc_recipe_pulumi() {
    local cli=$_TC_PULUMI_CLI_VERSION sdk=$_TC_LANGUAGE_HOST_SDK_VERSION
    _tc_log "building Pulumi CLI v$cli from Go modules (1/2) — one time, several minutes…"
    _tc_go_build "$1/src/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
        "$(_tc_pulumi_stamp "$cli")" "$(_tc_pulumi_requires "$cli")" || return 1
    _tc_log "building pulumi-language-nodejs (sdk v$sdk) from Go modules (2/2)…"
    _tc_build_language_host "$1" nodejs || return 1
    if [[ "$("$bin/pulumi" version 2>/dev/null)" != "v$cli" ]]; then
        _tc_err "the freshly built pulumi does not report v$cli."
        return 1
    fi
    _tc_write_launcher "$bin"
}

# Leaves pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs on PATH and
# CODEARTSREPO_PULUMI_BIN set.
_tc_setup_pulumi() {
    local version=$_TC_PULUMI_CLI_VERSION dir have='' bins=(pulumi pulumi-language-nodejs)
    _tc_pulumi_version_found=v$version

    # 1. A matching CLI already on PATH (with its language host).
    if command -v pulumi >/dev/null 2>&1 && command -v pulumi-language-nodejs >/dev/null 2>&1; then
        have=$(pulumi version 2>/dev/null </dev/null)
        if [[ "$have" == "v$version" ]]; then
            export CODEARTSREPO_PULUMI_BIN
            CODEARTSREPO_PULUMI_BIN=$(dirname "$(command -v pulumi)")
            # Official installs ship the (cwd-only) launcher next to pulumi; otherwise supply ours,
            # accepting the engine's "using … from $PATH" warning since it cannot sit next to pulumi.
            if [[ ! -x "$CODEARTSREPO_PULUMI_BIN/pulumi-resource-pulumi-nodejs" ]]; then
                mkdir -p "$_TC_CACHE/launcher" && _tc_write_launcher "$_TC_CACHE/launcher" || return 1
                _tc_path_prepend "$_TC_CACHE/launcher"
            fi
            _tc_log "pulumi v$version from PATH ($CODEARTSREPO_PULUMI_BIN)"
            return 0
        fi
    fi

    # 2. The cache, else 3. a one-time build. The directory names both builds, so bumping either
    # builds anew beside the old one (pulumi-v3.163.0 of earlier checkouts stays usable by them).
    dir=$_TC_CACHE/pulumi-v$version-nodejs-v$_TC_LANGUAGE_HOST_SDK_VERSION
    if _tc_have_bins "$dir" "${bins[@]}"; then
        _tc_log "pulumi v$version from the cache${have:+ (PATH has pulumi $have)}"
    else
        _tc_build_locked "$dir" "Pulumi CLI v$version" _tc_recipe_pulumi "${bins[@]}" || return 1
    fi
    _tc_write_launcher "$dir/bin" || return 1
    _tc_path_prepend "$dir/bin"
    export CODEARTSREPO_PULUMI_BIN=$dir/bin
    _tc_pulumi_own_bin=$dir/bin
}

# Recipes for the pulumi-language-yaml-v<version> and pulumi-language-python-v<sdk> directories.
_tc_recipe_yaml_host() {
    local v=$_TC_YAML_HOST_VERSION
    _tc_log "building pulumi-language-yaml v$v from Go modules — one time, a minute or two…"
    _tc_go_build "$1/src/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
        "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$v" "$(printf '\tgithub.com/pulumi/pulumi-yaml v%s' "$v")"
}
_tc_recipe_python_host() {
    _tc_log "building pulumi-language-python (sdk v$_TC_LANGUAGE_HOST_SDK_VERSION) from Go modules — one time, a minute or two…"
    _tc_build_language_host "$1" python && _tc_write_script "$bin/pulumi-language-python-exec" _tc_python_exec_text
}

# Leaves pulumi-language-$1 on PATH, and in _tc_host_dir the directory of ours ('' if PATH's is used).
# With a CLI from PATH ($4 empty) PATH's own host is kept if it has one. Otherwise ours, v$2 built by
# recipe $3 into $CACHE/pulumi-language-$1-v$2 with the extra files $5…: symlinked into our CLI's
# directory $4, where the engine looks first for bundled plugins (elsewhere on PATH it would warn
# "using pulumi-language-… from $PATH" on every run), or, beside a CLI from PATH, put on PATH
# (accepting that warning there, as for the launcher).
_tc_setup_host() {
    local version=$2 recipe=$3 link=$4 name=pulumi-language-$1 dir
    _tc_host_dir=''
    if [[ -z "$link" ]] && command -v "$name" >/dev/null 2>&1; then
        _tc_log "$name from PATH ($(command -v "$name"))"
        return 0
    fi
    dir=$_TC_CACHE/$name-v$version
    if _tc_have_bins "$dir" "$name" "${@:5}"; then
        _tc_log "$name v$version from the cache"
    else
        _tc_build_locked "$dir" "$name v$version" "$recipe" "$name" "${@:5}" || return 1
    fi
    if [[ -n "$link" ]]; then
        _tc_link "$dir/bin/$name" "$link/$name" || return 1
    else
        _tc_path_prepend "$dir/bin"
    fi
    _tc_host_dir=$dir/bin
}

# Leaves the YAML and Python language hosts on PATH, next to the CLI when it is ours ($1).
_tc_setup_hosts() {
    _tc_setup_host yaml "$_TC_YAML_HOST_VERSION" _tc_recipe_yaml_host "$1" || return 1
    _tc_setup_host python "$_TC_LANGUAGE_HOST_SDK_VERSION" _tc_recipe_python_host "$1" \
        pulumi-language-python-exec || return 1
    # Refresh the exec script of a host built by an earlier version of this file.
    [[ -z "$_tc_host_dir" ]] || _tc_write_script "$_tc_host_dir/pulumi-language-python-exec" _tc_python_exec_text
}

# --- Python -------------------------------------------------------------------------------------------

# The pulumi package that Python programs run on, from PyPI: its newest release, which speaks the
# engine's protocol (the SDK's age matters no more than for Node.js), and the Python it requires.
_TC_PYTHON_PULUMI_VERSION=3.272.0
_TC_PYTHON_MIN=3.10   # pulumi 3.272.0's Requires-Python

_tc_venv_ready() { [[ -f "$1/.complete" && -x "$1/bin/python" ]]; }

# Make virtual environment $1 with python3 and pip-install distribution $2 at version $3 into it
# ($5: its extras, e.g. "[server]"), then check that it imports module $4 and has that version. A
# virtualenv cannot be moved once made (its scripts name its path), so unlike the Go builds it is made
# in place and counts only once .complete, written last, exists; a half-made one is made anew.
_tc_make_venv() {
    local dest=$1 distribution=$2 version=$3 module=$4 requirement=$2${5:-}==$3 start=$SECONDS py out
    _tc_venv_ready "$dest" && return 0   # made while we waited for the lock
    if ! command -v python3 >/dev/null 2>&1; then
        _tc_err "python3 not found: install Python ≥ $_TC_PYTHON_MIN with its venv module (Debian: python3-venv), needed for $requirement."
        return 1
    fi
    py=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null </dev/null)
    if [[ ! "$py" =~ ^[0-9]+\.[0-9]+$ ]] || ! _tc_version_ge "$py" "$_TC_PYTHON_MIN"; then
        _tc_err "python3 ($(command -v python3)) is Python ${py:-of unknown version}, $requirement needs ≥ $_TC_PYTHON_MIN: put a newer python3 first on PATH."
        return 1
    fi
    _tc_log "creating a Python $py virtual environment with $requirement from PyPI — one time…"
    rm -rf "$dest"
    if ! out=$(python3 -m venv "$dest" 2>&1 </dev/null); then
        printf '%s\n' "$out" >&2
        rm -rf "$dest"
        _tc_err "python3 -m venv $dest failed (output above; Debian needs python3-venv)."
        return 1
    fi
    if ! "$dest/bin/python" -m pip install --disable-pip-version-check --no-input "$requirement" \
        </dev/null >"$dest/pip.log" 2>&1; then
        tail -n 30 "$dest/pip.log" >&2
        _tc_err "pip install $requirement failed (last lines of $dest/pip.log above)."
        return 1
    fi
    out=$("$dest/bin/python" -c "import importlib.metadata as m, $module; print(m.version('$distribution'))" 2>&1 </dev/null)
    if [[ "$out" != "$version" ]]; then
        printf '%s\n' "$out" >&2
        _tc_err "the new virtual environment $dest does not import $module of $distribution $version."
        return 1
    fi
    printf '%s\n' "$requirement" >"$dest/.complete" || return 1
    _tc_log "created the virtual environment with $requirement in $(_tc_fmt_secs $((SECONDS - start)))"
}

# What an SDK generated from the package schema installs (its setup.py's install_requires) and what
# pip needs to build it from source, as wheels: tests install generated SDKs with --no-index from
# here, so `npm test` reaches PyPI only the first time.
_TC_PYTHON_SDK_WHEELS="parver semver typing-extensions setuptools wheel"

# Download those wheels (and pulumi's, with its dependencies) into $1/wheels; complete once .complete exists.
_tc_download_python_wheels() {
    local venv=$1 dir=$1/wheels
    [[ -f "$dir/.complete" ]] && return 0   # downloaded while we waited for the lock
    _tc_log "downloading the wheels generated Python SDKs install (pulumi $_TC_PYTHON_PULUMI_VERSION, $_TC_PYTHON_SDK_WHEELS) — one time…"
    # shellcheck disable=SC2086  # the list is words
    if ! "$venv/bin/python" -m pip download --disable-pip-version-check --no-input --dest "$dir" \
        "pulumi==$_TC_PYTHON_PULUMI_VERSION" $_TC_PYTHON_SDK_WHEELS </dev/null >"$venv/pip-download.log" 2>&1; then
        tail -n 30 "$venv/pip-download.log" >&2
        _tc_err "pip download of the Python SDK's wheels failed (last lines of $venv/pip-download.log above)."
        return 1
    fi
    printf '%s\n' "$_TC_PYTHON_SDK_WHEELS" >"$dir/.complete"
}

# Leaves CODEARTSREPO_PYTHON_VENV set to the virtual environment, made once, and
# CODEARTSREPO_PYTHON_WHEELS to the wheels a generated SDK installs offline from.
_tc_setup_python_venv() {
    local dir=$_TC_CACHE/python-venv-pulumi-$_TC_PYTHON_PULUMI_VERSION
    if _tc_venv_ready "$dir"; then
        _tc_log "Python virtual environment with pulumi $_TC_PYTHON_PULUMI_VERSION from the cache"
    else
        _tc_locked _tc_make_venv "$dir" pulumi "$_TC_PYTHON_PULUMI_VERSION" pulumi || return 1
    fi
    if [[ ! -f "$dir/wheels/.complete" ]]; then
        _tc_locked _tc_download_python_wheels "$dir" || return 1
    fi
    export CODEARTSREPO_PYTHON_VENV=$dir CODEARTSREPO_PYTHON_WHEELS=$dir/wheels
}

# --- S3-compatible server for the tests ---------------------------------------------------------------

# moto (Apache-2.0) in server mode stands in for OBS in the tests: the Pulumi CLI keeps the stacks'
# state in it through s3://…, as the GitOps recipes tell users to with an OBS bucket. Pinned, so that
# what the tests hold the CLI to does not move under them.
_TC_MOTO_VERSION=5.2.5

# Leaves CODEARTSREPO_S3_SERVER_PYTHON set to the Python of the virtual environment that holds moto.
_tc_setup_s3_server() {
    local dir=$_TC_CACHE/s3-server-moto-$_TC_MOTO_VERSION
    if _tc_venv_ready "$dir"; then
        _tc_log "S3-compatible test server (moto $_TC_MOTO_VERSION) from the cache"
    else
        _tc_locked _tc_make_venv "$dir" moto "$_TC_MOTO_VERSION" moto.server "[server]" || return 1
    fi
    export CODEARTSREPO_S3_SERVER_PYTHON=$dir/bin/python
}

# --- main -----------------------------------------------------------------------------------------------

_tc_main() {
    local start
    start=$(_tc_now_us)
    _TC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd) || return 1
    if [[ ! -f "$_TC_ROOT/package.json" ]]; then
        _tc_err "no package.json in $_TC_ROOT."
        return 1
    fi
    _TC_CACHE=${CODEARTSREPO_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-codeartsrepo}
    if ! mkdir -p "$_TC_CACHE"; then
        _tc_err "cannot create the toolchain cache $_TC_CACHE (set CODEARTSREPO_TOOLCHAIN_CACHE)."
        return 1
    fi

    # Offline-friendly Pulumi: no update check, and never download plugins behind our back.
    export PULUMI_SKIP_UPDATE_CHECK=true
    export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

    # Node first: npm ci then runs under it (engines: node >= 22).
    _tc_node_dir=''
    _tc_setup_node || return 1
    _tc_setup_deps || return 1
    export CODEARTSREPO_PULUMI_NODEJS_DIR=$_TC_ROOT/node_modules/@pulumi/pulumi
    _tc_pulumi_own_bin=''
    _tc_setup_pulumi || return 1
    _tc_setup_hosts "$_tc_pulumi_own_bin" || return 1
    _tc_setup_python_venv || return 1
    _tc_setup_s3_server || return 1
    # Pulumi's directory went in front of ours; put the chosen node back in front of everything.
    [[ -n "$_tc_node_dir" ]] && _tc_path_prepend "$_tc_node_dir"

    local us
    us=$(($(_tc_now_us) - start))
    _tc_log "ready in $(printf '%d.%02d' $((us / 1000000)) $((us % 1000000 / 10000))) s: node $_tc_node_version, pulumi $_tc_pulumi_version_found with nodejs/yaml/python hosts, pulumi $_TC_PYTHON_PULUMI_VERSION for Python, moto $_TC_MOTO_VERSION"
}

# Leave nothing but the exported variables behind in the calling shell.
_tc_cleanup() {
    unset -f _tc_log _tc_err _tc_now_us _tc_version_ge _tc_fmt_secs _tc_path_prepend _tc_locked \
        _tc_install_node _tc_setup_node _tc_deps_hash _tc_install_deps _tc_setup_deps \
        _tc_launcher_text _tc_python_exec_text _tc_write_script _tc_write_launcher _tc_link \
        _tc_heartbeat _tc_go_build _tc_pulumi_stamp _tc_pulumi_requires _tc_build_language_host \
        _tc_have_bins _tc_check_go _tc_build_dir _tc_build_locked _tc_recipe_pulumi _tc_setup_pulumi \
        _tc_recipe_yaml_host _tc_recipe_python_host _tc_setup_host _tc_setup_hosts \
        _tc_venv_ready _tc_make_venv _tc_download_python_wheels _tc_setup_python_venv _tc_setup_s3_server _tc_main _tc_cleanup
    unset _TC_NODE_MIN_MAJOR _TC_NODE_DEFAULT_VERSION _TC_GO_MIN _TC_ROOT _TC_CACHE \
        _TC_PULUMI_CLI_VERSION _TC_LANGUAGE_HOST_SDK_VERSION _TC_LANGUAGE_HOST_MODULE_VERSION \
        _TC_YAML_HOST_VERSION _TC_PYTHON_PULUMI_VERSION _TC_PYTHON_MIN _TC_PYTHON_SDK_WHEELS _TC_MOTO_VERSION \
        _tc_node_version _tc_node_dir _tc_pulumi_version_found _tc_pulumi_own_bin _tc_host_dir
}

if _tc_main; then
    _tc_cleanup
else
    _tc_cleanup
    # Sourced (the normal case): return 1. Executed as `bash scripts/toolchain.sh` (just to prepare): exit 1.
    if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then exit 1; fi
    return 1
fi
