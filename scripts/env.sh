# Sourced by the other scripts: where the project's tools live.
export VITAL_LINK_TOOLS="${VITAL_LINK_TOOLS:-$HOME/.cache/vital-link-tools}"
export PATH="$HOME/.cargo/bin:$VITAL_LINK_TOOLS/node_modules/.bin:$PATH"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
