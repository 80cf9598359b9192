#!/usr/bin/env bash
# The benchmark (not part of the test command): builds the widget and the Leptos floor
# (bench/floor) with the same release profile, then measures sizes, start-up,
# interaction and memory in headless Chromium against the local sandbox on 127.0.0.1.
# Prints a table with budgets marked PASS/OVER and writes bench/out/latest.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/ensure-tools.sh
source scripts/env.sh

rm -rf dist bench/floor/dist
trunk build --release --locked
(cd bench/floor && trunk build --release)
cargo build --release --locked -p vital-link-server
VITAL_LINK_SERVER="$PWD/target/release/vital-link-server" node bench/run.mjs
