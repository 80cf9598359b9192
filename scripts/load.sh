#!/usr/bin/env bash
# Bounded load on 127.0.0.1 against the host endpoint and the local sandbox:
#   ./scripts/load.sh [requests, default 10000] [concurrency, default 50]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo run --release --locked -p vital-link-server --bin load -- "$@"
