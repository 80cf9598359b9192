# Sourced by the other scripts: where the project's tools live.
export VITAL_LINK_TOOLS="${VITAL_LINK_TOOLS:-$HOME/.cache/vital-link-tools}"
export PATH="$HOME/.cargo/bin:$VITAL_LINK_TOOLS/node_modules/.bin:$PATH"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
# Panic locations in the wasm name source files: keep them short and the same on every
# machine (the registry and toolchain paths otherwise end up in the bundle). The
# project's own files are named relative to it already (scripts/test.sh checks that
# the wasm names no path of the checkout), so these flags are the same in every clone
# and a clone can reuse dependencies built by another (scripts/test.sh).
CARGO_REGISTRY_SRC="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ 2>/dev/null | head -1)"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=${CARGO_REGISTRY_SRC:-/nonexistent/}= --remap-path-prefix=$(rustc --print sysroot)/lib/rustlib/src/rust/library/="
