#!/usr/bin/env bash
# Installs what building, previewing and testing need, skipping whatever is already
# there. Safe to run any number of times. Everything comes from crates.io, npm and
# Debian's apt: no tool is allowed to download its own browser or binaries.
set -euo pipefail

TRUNK_VERSION=0.21.14
# Must equal the `wasm-bindgen = "=..."` pin in Cargo.toml: trunk only uses a
# wasm-bindgen on PATH whose version matches the lock file exactly.
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0
PLAYWRIGHT_VERSION=1.65.1
AXE_VERSION=4.14.1
TERSER_VERSION=5.51.4
SELENIUM_VERSION=4.49.0
ESBUILD_VERSION=0.28.2
GECKODRIVER_VERSION=0.37.1

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${VITAL_LINK_TOOLS:-$HOME/.cache/vital-link-tools}"
export PATH="$HOME/.cargo/bin:$tools/node_modules/.bin:$PATH"

say() { printf '[ensure-tools] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# Firefox's WebDriver server, for the browser tests and the cross-browser pass.
if ! geckodriver --version 2>/dev/null | grep -q "geckodriver $GECKODRIVER_VERSION"; then
  say "installing geckodriver $GECKODRIVER_VERSION (about 3 minutes)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 6 minutes)"
  # Not --locked: the locked set names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# wasm-opt from npm's binaryen (Debian's is too old for current rustc output), and
# playwright-core, driven against Debian's Chromium for the end-to-end tests;
# axe-core audits accessibility in the browser tests; esbuild bundles the glue with
# the widget's own JavaScript and terser minifies what ships;
# selenium-webdriver drives Firefox and WebKit (given their drivers' paths, it never
# runs Selenium Manager, which would download drivers).
installed() { grep -q "\"version\": \"$2\"" "$tools/node_modules/$1/package.json" 2>/dev/null; }
if ! [ -x "$tools/node_modules/.bin/wasm-opt" ] || ! installed playwright-core "$PLAYWRIGHT_VERSION" ||
   ! installed axe-core "$AXE_VERSION" || ! installed terser "$TERSER_VERSION" ||
   ! installed selenium-webdriver "$SELENIUM_VERSION" || ! installed esbuild "$ESBUILD_VERSION"; then
  say "installing binaryen $BINARYEN_VERSION, playwright-core $PLAYWRIGHT_VERSION, axe-core $AXE_VERSION, terser $TERSER_VERSION, selenium-webdriver $SELENIUM_VERSION, esbuild $ESBUILD_VERSION from npm"
  mkdir -p "$tools"
  (cd "$tools" && [ -f package.json ] || echo '{"private":true}' > "$tools/package.json")
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$tools" --no-audit --no-fund \
    "binaryen@$BINARYEN_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" "axe-core@$AXE_VERSION" \
    "terser@$TERSER_VERSION" "selenium-webdriver@$SELENIUM_VERSION" "esbuild@$ESBUILD_VERSION" >&2
fi

# The three engines from Debian: Chromium (with its driver), Firefox ESR, and WebKitGTK
# (WebKitWebDriver starting its MiniBrowser, which needs a display: Xvfb).
MINIBROWSER=/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
{ [ -x /usr/bin/WebKitWebDriver ] && [ -x "$MINIBROWSER" ]; } || missing+=(webkit2gtk-driver)
[ -x /usr/bin/Xvfb ] || missing+=(xvfb)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from apt"
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

say "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version 2>/dev/null | head -1), $(geckodriver --version | head -1)"
say "browsers: $(/usr/bin/chromium --version 2>/dev/null), $(/usr/bin/firefox-esr --version 2>/dev/null), WebKitGTK $(dpkg-query -W -f '${Version}' webkit2gtk-driver 2>/dev/null)"
