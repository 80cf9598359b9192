//! `<vital-link>`: a custom Vital (Junction) Link widget.
//!
//! Layers, from the bottom up. Each module uses only the modules named after it, all
//! of them lower down, so no import runs up and none goes round in a circle
//! (`tests/layers.rs` reads every file under `src/` and holds the code to this list):
//! - `browser` (uses nothing): every binding to `src/browser.js`; wasm only;
//! - [`text`] (uses `browser`): case mapping, by the browser's Unicode tables in the wasm;
//! - [`api`] (uses `browser`, `text`): API types, pure decoding, error kinds as data, and
//!   a thin HTTP client that takes plain numbers and paths;
//! - [`config`] (uses `api`): pure parsing of the attributes;
//! - [`oauth_return`] (uses `api`, `browser`): pure parsing of the return URL;
//! - [`i18n`] (uses `api`): every user-facing string, and what each error kind says; no
//!   I/O (the runtime fetches catalogues and hands them over);
//! - [`flow`] (uses `api`, `i18n`, `oauth_return`, `text`): the pure state machine of
//!   the link flow;
//! - [`surface`] (uses `api`, `config`, `flow`): what hosts see besides the attributes
//!   (properties, events, parts, custom properties), declared once; native only;
//! - `popup` (uses `browser`, `oauth_return`): OAuth in a popup window;
//! - `runtime` (uses `api`, `browser`, `config`, `flow`, `i18n`, `popup`): performs
//!   the flow's effects (API calls, navigation, host events, catalogues);
//! - `components` (uses `api`, `browser`, `flow`, `i18n`, `runtime`, `text`): Leptos
//!   views that render the flow's state;
//! - `element` (uses `api`, `browser`, `components`, `config`, `flow`, `i18n`,
//!   `oauth_return`, `popup`, `runtime`): the custom element (lifecycle, shadow root,
//!   attributes).
//!
//! `text`, `api` (but its client), `config`, `oauth_return`, `i18n` and `flow` are plain
//! Rust, tested natively; the rest is wasm only.

pub mod api;
#[cfg(target_arch = "wasm32")]
mod browser;
pub mod config;
pub mod flow;
pub mod i18n;
pub mod oauth_return;
#[cfg(not(target_arch = "wasm32"))]
pub mod surface;
pub mod text;

#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
pub mod element;
#[cfg(target_arch = "wasm32")]
mod popup;
#[cfg(target_arch = "wasm32")]
pub mod runtime;

/// Runs when the module is initialised: defines `<vital-link>` (once per page).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    element::install_panic_hook();
    element::define();
}
