#!/usr/bin/env bash
# Usage: scripts/run.sh <test|demo|bench> [args…]   (npm test / npm run demo / npm run bench; extra args go to jest / the script)
#
# Prepares the toolchain (Node >= 22, npm dependencies, Pulumi CLI; see scripts/toolchain.sh), compiles
# the TypeScript into dist/, then runs the tests, the demo or the benchmark with that Node.
set -euo pipefail

usage() { echo "usage: scripts/run.sh <test|demo|bench> [args…]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
mode=$1
shift
case "$mode" in test | demo | bench) ;; *) usage ;; esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/toolchain.sh
. scripts/toolchain.sh

# The `npm run build` step, without npm's start-up cost and with the Node chosen above.
echo "[run] compiling TypeScript (tsc -p tsconfig.json)…" >&2
# tsc never deletes the output of a source that moved or was removed; stale modules would ship.
rm -rf dist
node node_modules/typescript/bin/tsc -p tsconfig.json

case "$mode" in
    test)
        # Two workers: an end-to-end test is one CPU's worth of engine, language host and provider
        # processes, so two at once use both CPUs of the machines this runs on. Tests share nothing
        # but read-only caches (each has its own emulator port, sandbox and backend).
        exec node node_modules/jest/bin/jest.js --maxWorkers="${CODEARTSREPO_TEST_WORKERS:-2}" "$@"
        ;;
    demo)
        if [[ ! -f dist/scripts/demo.js ]]; then
            echo "[run] error: dist/scripts/demo.js was not produced by tsc (is scripts/demo.ts missing?)." >&2
            exit 1
        fi
        exec node dist/scripts/demo.js "$@"
        ;;
    bench)
        exec node dist/scripts/bench/main.js "$@"
        ;;
esac
