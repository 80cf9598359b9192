#!/usr/bin/env bash
# Installs what building, previewing and testing need, skipping whatever is already
# there. Safe to run any number of times. Everything comes from crates.io, npm and
# Debian's apt: no tool is allowed to download its own browser or binaries.
#
# On a fresh machine the slow part is compiling the three Rust tools. apt and npm only
# wait on the network, so they run in the background meanwhile; the Rust tools build
# one after the other (two cores) into one shared target directory, with a light
# release profile (below). Each step prints its time.
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
QR_VERSION=0.3.0
GECKODRIVER_VERSION=0.37.1

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${VITAL_LINK_TOOLS:-$HOME/.cache/vital-link-tools}"
export PATH="$HOME/.cargo/bin:$tools/node_modules/.bin:$PATH"

say() { printf '[ensure-tools] %s\n' "$*" >&2; }
timed() { # timed LABEL COMMAND...: runs it and says how long it took
  local label=$1 t0=$SECONDS
  shift
  "$@"
  say "$label: $((SECONDS - t0)) s"
}

# The three engines from Debian: Chromium (with its driver), Firefox ESR, and WebKitGTK
# (WebKitWebDriver starting its MiniBrowser, which needs a display: Xvfb).
MINIBROWSER=/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
{ [ -x /usr/bin/WebKitWebDriver ] && [ -x "$MINIBROWSER" ]; } || missing+=(webkit2gtk-driver)
[ -x /usr/bin/Xvfb ] || missing+=(xvfb)
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  local sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
}

# wasm-opt from npm's binaryen (Debian's is too old for current rustc output), and
# playwright-core, driven against Debian's Chromium for the end-to-end tests;
# axe-core audits accessibility in the browser tests; esbuild bundles the glue with
# the widget's own JavaScript and terser minifies what ships; @paulmillr/qr draws the
# pairing code's QR code (bundled into dist/vital-link-pairing.js);
# selenium-webdriver drives Firefox and WebKit (given their drivers' paths, it never
# runs Selenium Manager, which would download drivers).
installed() { grep -q "\"version\": \"$2\"" "$tools/node_modules/$1/package.json" 2>/dev/null; }
npm_install() {
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{"private":true}' >"$tools/package.json"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
    "binaryen@$BINARYEN_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" "axe-core@$AXE_VERSION" \
    "terser@$TERSER_VERSION" "selenium-webdriver@$SELENIUM_VERSION" "esbuild@$ESBUILD_VERSION" \
    "@paulmillr/qr@$QR_VERSION" >&2
}

background=()
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from apt (in the background)"
  timed "apt" apt_install &
  background+=($!)
fi
if ! [ -x "$tools/node_modules/.bin/wasm-opt" ] || ! installed playwright-core "$PLAYWRIGHT_VERSION" ||
  ! installed axe-core "$AXE_VERSION" || ! installed terser "$TERSER_VERSION" ||
  ! installed selenium-webdriver "$SELENIUM_VERSION" || ! installed esbuild "$ESBUILD_VERSION" ||
  ! installed @paulmillr/qr "$QR_VERSION"; then
  say "installing binaryen, playwright-core, axe-core, terser, selenium-webdriver, esbuild, @paulmillr/qr from npm (in the background)"
  timed "npm" npm_install &
  background+=($!)
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  timed "rust target wasm32-unknown-unknown" rustup target add wasm32-unknown-unknown
fi

# The Rust tools are build tools: none of them is on a hot path worth an optimiser's
# time (trunk and geckodriver wait on other processes; wasm-bindgen's own work is a
# fraction of a second per module at opt-level 1). trunk's manifest asks for fat LTO
# with one codegen unit, which alone doubles its build; these override it.
tool_install() { # tool_install CRATE VERSION OPT_LEVEL [cargo install flags...]
  local crate=$1 version=$2 opt=$3
  shift 3
  CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/vital-link-tools-target}" \
    CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL="$opt" CARGO_PROFILE_RELEASE_DEBUG=false \
    CARGO_PROFILE_RELEASE_INCREMENTAL=false \
    timed "$crate $version" cargo install "$crate" --version "$version" --quiet "$@"
}

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: the locked set names a crate version the registry lacks.
  tool_install wasm-bindgen-cli "$WASM_BINDGEN_VERSION" 1 --force
fi
if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION"
  # Without its default features: no TLS stack and no update check, since it never
  # downloads anything here (Trunk.toml: offline) and proxies only to http on loopback.
  tool_install trunk "$TRUNK_VERSION" 0 --locked --no-default-features
fi
# Firefox's WebDriver server, for the browser tests and the cross-browser pass.
if ! geckodriver --version 2>/dev/null | grep -q "geckodriver $GECKODRIVER_VERSION"; then
  say "installing geckodriver $GECKODRIVER_VERSION"
  tool_install geckodriver "$GECKODRIVER_VERSION" 0 --locked
fi

for pid in "${background[@]}"; do wait "$pid"; done

say "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version 2>/dev/null | head -1), $(geckodriver --version | sed -n 1p)"
say "browsers: $(/usr/bin/chromium --version 2>/dev/null), $(/usr/bin/firefox-esr --version 2>/dev/null), WebKitGTK $(dpkg-query -W -f '${Version}' webkit2gtk-driver 2>/dev/null)"
