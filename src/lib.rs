//! `<vital-link>`: a custom Vital (Junction) Link widget.
//!
//! Layers, from the outside in:
//! - [`element`]: the custom element (lifecycle, shadow root, attributes);
//! - `components`: Leptos views that render the flow's state;
//! - [`runtime`]: performs the flow's effects (API calls, navigation, host events);
//! - [`flow`]: the pure state machine of the link flow;
//! - [`api`]: API types, pure decoding and error mapping, and a thin HTTP client;
//! - [`config`] and [`oauth_return`]: pure parsing of attributes and of the return URL;
//! - [`i18n`]: every user-facing string, in English, German and Spanish;
//! - [`text`]: case mapping, by the browser's Unicode tables in the wasm.
//!
//! Everything but the first three and `api::client` is plain Rust, tested natively.

pub mod api;
pub mod config;
pub mod flow;
pub mod i18n;
pub mod oauth_return;
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
