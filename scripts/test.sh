#!/usr/bin/env bash
# Every test, from a fresh machine: installs what is missing, then runs
#   1. formatting,
#   2. clippy (native and wasm32) as the tests compile, and the native tests (pure
#      widget logic, the layers, the generated surface, host backend and sandbox over
#      real HTTP),
#   3. browser tests of the element and each flow (wasm-bindgen-test), in headless
#      Chromium and in headless Firefox, while the release build runs beside them:
#      the browsers mostly wait, the build mostly computes,
#   4. the npm package (packed, publish dry run), the React (type-checked) and Vue
#      examples built from it (vite), and end-to-end tests against the local sandbox
#      in Chromium: flows, faults, security and CSP, accessibility, examples, the
#      package, the loader's api-base rule,
#   5. the cross-browser pass: the core flows in Firefox and in WebKit (WebKitGTK, the
#      engine Safari uses), over WebDriver.
# Each step says how long it took.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/ensure-tools.sh
source scripts/env.sh

# A clean clone (CI's) builds into a target directory shared by every clone on this
# machine, as CI systems cache target/: the dependencies an earlier run compiled are
# reused (each clone's own crates are still built afresh). A checkout that already has
# its own target/ keeps it; VITAL_LINK_SHARED_TARGET=0 turns this off.
shared_target="${VITAL_LINK_SHARED_TARGET_DIR:-$HOME/.cache/vital-link-target}"
if [ ! -e target ] && [ "${VITAL_LINK_SHARED_TARGET:-1}" != 0 ]; then
  mkdir -p "$shared_target"
  ln -s "$shared_target" target
fi

start=$(date +%s)
last=$start
step() {
  local now
  now=$(date +%s)
  [ "$now" = "$start" ] || printf '    (%d s)\n' $((now - last))
  last=$now
  printf '\n==> %s\n' "$*"
}

step "format"
cargo fmt --all -- --check

step "lint and native tests: widget logic, layers, surface, host backend, sandbox"
# Clippy lints the workspace's own crates as they compile for the tests, every target,
# warnings denied: one compile instead of a check and then a build (on a fresh machine
# a separate clippy checks every dependency once more, native and wasm32). These are
# the two variables `cargo clippy -- -D warnings` sets for itself. There are no
# doctests, so --all-targets leaves nothing out.
export RUSTC_WORKSPACE_WRAPPER=clippy-driver
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
cargo test --workspace --all-targets --locked
cargo build -p vital-link-server --locked

step "browser tests in headless Chromium and Firefox, beside the release build"
# The test files with browser tests; the others are native only.
browser_tests=()
for file in $(grep -l wasm_bindgen_test_configure tests/*.rs tests/*/main.rs); do
  name=${file#tests/}
  browser_tests+=(--test "${name%%[./]*}")
done
# Every wasm32 target is compiled (and so linted); the browser test files are run.
cargo test -p vital-link-widget --target wasm32-unknown-unknown --locked --no-run --all-targets \
  --message-format=json-render-diagnostics >target/browser-tests.json
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
# The release build, the npm package and the examples built from it, in the background
# (at a lower priority than the browsers) while the browser tests run.
rm -rf dist
(
  nice -n 10 trunk build --release --locked &&
    if grep -qaF "$PWD" dist/vital-link-widget_bg.wasm; then
      echo "the wasm names this checkout's path ($PWD)" >&2
      exit 1
    fi &&
    node scripts/package.mjs &&
    (cd target/npm/package && npm publish --dry-run --loglevel=error >/dev/null) &&
    for example in react vue; do
      # The example installs the package's tarball (a file: dependency whose lock
      # entry has no integrity, since the tarball changes with every build) and
      # bundles it with Vite; the React one first type-checks itself against the
      # package's declarations (tsc, including React 19's JSX for <vital-link>).
      (cd "examples/$example" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error &&
        if ! cmp -s node_modules/vital-link-widget/vital-link-widget_bg.wasm ../../target/npm/package/vital-link-widget_bg.wasm; then
          echo "examples/$example installed an old vital-link-widget: drop the integrity of its entry in package-lock.json" >&2
          exit 1
        fi &&
        if [ -f tsconfig.json ]; then npx tsc --noEmit; fi &&
        npx vite build --logLevel warn) || exit 1
    done
) >target/release-build.log 2>&1 &
release=$!
# Each browser runs the test files one after the other; the two browsers at once.
wasm_files=$(node -e '
  const browser = new Set(process.argv.slice(1).filter((a) => a !== "--test"));
  for (const line of require("fs").readFileSync("target/browser-tests.json", "utf8").split("\n")) {
    const message = line && JSON.parse(line);
    if (message?.executable && message.profile?.test && browser.has(message.target.name)) console.log(message.executable);
  }' -- "${browser_tests[@]}")
run_in() { # run_in chromium|firefox: every browser test file in that browser
  local status=0 file
  for file in $wasm_files; do
    if [ "$1" = firefox ]; then
      env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" wasm-bindgen-test-runner "$file" || status=1
    else
      env -u GECKODRIVER wasm-bindgen-test-runner "$file" || status=1
    fi
  done
  return $status
}
run_in chromium >target/browser-tests-chromium.log 2>&1 &
chromium=$!
run_in firefox >target/browser-tests-firefox.log 2>&1 &
firefox=$!
failed=0
for browser in chromium firefox; do
  pid=$chromium
  [ $browser = firefox ] && pid=$firefox
  if wait $pid; then
    grep -h "^test result" target/browser-tests-$browser.log | sed "s/^/$browser: /"
  else
    cat target/browser-tests-$browser.log
    echo "browser tests failed in $browser" >&2
    failed=1
  fi
done
if ! wait $release; then
  cat target/release-build.log
  echo "the release build, the package or an example failed" >&2
  failed=1
fi
[ $failed = 0 ]
grep -h "^bundled\|^minified" target/release-build.log || true

step "end-to-end flows in Chromium"
node --test --test-concurrency=1 tests/e2e/

step "cross-browser pass: Firefox and WebKit"
# An engine that hangs (its suite times out, or a page never loads:
# tests/engines/) gets one more run, after the first run's report; any other failure
# fails at once.
if ! node --test --test-force-exit --test-concurrency=1 tests/engines/ >target/engines.log 2>&1; then
  cat target/engines.log
  grep -q -E "timed out after|failureType: 'hookFailed'" target/engines.log || exit 1
  echo "an engine hung (above): its pass runs once more" >&2
  node --test --test-force-exit --test-concurrency=1 tests/engines/
fi
grep -h "^# pass\|^# fail" target/engines.log || true

step "all tests passed in $(( $(date +%s) - start ))s"
