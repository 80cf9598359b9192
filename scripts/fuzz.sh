#!/usr/bin/env bash
# Bounded fuzzing of response decoding, error mapping, the OAuth return parser and the
# URL checks (tests/fuzz.rs): many more cases than the test command runs.
#   ./scripts/fuzz.sh [cases per property, default 200000]
# Any failure is shrunk and stored in proptest-regressions/ (commit it: it is replayed
# first on every later run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cases="${1:-200000}"
start=$(date +%s)
PROPTEST_CASES="$cases" cargo test --release --locked --test fuzz -- --nocapture
echo "fuzz: 4 properties x $cases cases = $((4 * cases)) executions in $(( $(date +%s) - start ))s"
