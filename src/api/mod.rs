//! The Vital Link API as the widget sees it: its shapes, pure decoding and error
//! mapping (native-testable), and a thin client over the browser's `fetch` that only moves text.

#[cfg(target_arch = "wasm32")]
pub mod client;
mod decode;
mod error;
pub mod json;
mod types;

pub use decode::{
    check_oauth_url, connections_from, decode_link_response, decode_link_token, decode_oauth,
    decode_providers, http_error, is_loopback_host, unsafe_url, LinkOutcome,
};
pub use error::{ApiError, InputProblem, LinkError};
pub use types::*;
