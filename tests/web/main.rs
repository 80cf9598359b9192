//! The element and each flow in headless Chromium and Firefox (wasm-bindgen-test).
//! `fetch` is stubbed in the page (tests/web/stubs.js), so every request the widget
//! makes is recorded and answered from the test; nothing leaves the browser. One file
//! per part of the flow; `harness.rs` holds what they share.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test_configure;

wasm_bindgen_test_configure!(run_in_browser);

mod connections;
mod direct;
mod element;
mod forms;
mod harness;
mod list;
mod oauth;
mod pairing;
mod requests;
