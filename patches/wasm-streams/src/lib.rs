//! The part of wasm-streams' API that server_fn's browser client compiles against, and
//! nothing behind it.
//!
//! Leptos links server_fn's browser client even in a client-side-only app, and that
//! links wasm-streams, whose `#[wasm_bindgen]` classes (`IntoUnderlyingSource`,
//! `IntoUnderlyingSink`, `IntoUnderlyingByteSource`) are exports of the module: no
//! linker may drop them, used or not. The widget has no server functions, so they are
//! dead code, yet they were 8.4 KB of its gzipped download (measured by
//! `scripts/bench.sh`'s method). This crate replaces wasm-streams for the whole
//! workspace (`[patch.crates-io]`): the same types and signatures, no exports.
//!
//! Only streaming server functions would call it; if anything ever does, it panics
//! with a message saying so (the widget's panic hook then shows its failure view and
//! fires `vital-link-error`), instead of failing silently.

use futures_core::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};
use wasm_bindgen::JsValue;

const UNSUPPORTED: &str = "streaming server functions are not supported (wasm-streams is stubbed out, see patches/wasm-streams)";

/// A JS `ReadableStream`, held as it is.
pub struct ReadableStream(web_sys::ReadableStream);

impl ReadableStream {
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self(raw)
    }

    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        panic!("{UNSUPPORTED}")
    }

    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.0
    }

    pub fn into_stream(self) -> IntoStream {
        panic!("{UNSUPPORTED}")
    }
}

/// Never built: [`ReadableStream::into_stream`] panics first.
pub struct IntoStream(());

impl Stream for IntoStream {
    type Item = Result<JsValue, JsValue>;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(None)
    }
}
