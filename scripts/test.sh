#!/usr/bin/env bash
# Every test, from a fresh machine: installs what is missing, then runs
#   1. formatting and clippy (native and wasm32),
#   2. native tests (pure widget logic, host backend and sandbox over real HTTP),
#   3. browser tests of the element and each flow (wasm-bindgen-test), in headless
#      Chromium and in headless Firefox,
#   4. the release build (trunk), the npm package (packed, publish dry run), the React
#      (type-checked) and Vue examples built from it (vite), and end-to-end tests
#      against the local sandbox in Chromium: flows, faults, security and CSP,
#      accessibility, examples, the package,
#   5. the cross-browser pass: the core flows in Firefox and in WebKit (WebKitGTK, the
#      engine Safari uses), over WebDriver.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/ensure-tools.sh
source scripts/env.sh

start=$(date +%s)
last=$start
# Each step says how long the one before it took.
step() {
  local now
  now=$(date +%s)
  [ "$now" = "$start" ] || printf '    (%d s)\n' $((now - last))
  last=$now
  printf '\n==> %s\n' "$*"
}

step "format and lint"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p vital-link-widget --all-targets --target wasm32-unknown-unknown --locked -- -D warnings

step "native tests: widget logic, host backend, sandbox"
cargo test --workspace --locked

step "browser tests: the element and each flow in headless Chromium"
cargo test -p vital-link-widget --target wasm32-unknown-unknown --locked

step "browser tests: the same in headless Firefox"
env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" \
  cargo test -p vital-link-widget --target wasm32-unknown-unknown --locked

step "release build and end-to-end flows"
rm -rf dist
trunk build --release --locked
# The npm package from that build, checked as `npm publish` would. The React and Vue
# examples install its tarball (a file: dependency whose lock entry has no integrity,
# since the tarball changes with every build) and bundle it with Vite; the React one
# first type-checks itself against the package's declarations (tsc, including React
# 19's JSX for <vital-link>).
node scripts/package.mjs
(cd target/npm/package && npm publish --dry-run --loglevel=error >/dev/null)
for example in react vue; do
  (cd "examples/$example" && npm ci --no-audit --no-fund --loglevel=error &&
    if ! cmp -s node_modules/vital-link-widget/vital-link-widget_bg.wasm ../../target/npm/package/vital-link-widget_bg.wasm; then
      echo "examples/$example installed an old vital-link-widget: drop the integrity of its entry in package-lock.json" >&2
      exit 1
    fi &&
    if [ -f tsconfig.json ]; then npx tsc --noEmit; fi &&
    npx vite build --logLevel warn)
done
cargo build -p vital-link-server --locked
node --test --test-concurrency=1 tests/e2e/

step "cross-browser pass: Firefox and WebKit"
node --test --test-concurrency=1 tests/engines/

step "all tests passed in $(( $(date +%s) - start ))s"
