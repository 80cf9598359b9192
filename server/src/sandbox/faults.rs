//! Faults for the end-to-end tests: the next matching request gets a misbehaving
//! answer instead of the handler's.

use super::Sandbox;
use crate::errors::{ApiResult, VitalJson};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::time::Duration;

/// A misbehaviour for the next matching request (end-to-end fault tests).
#[derive(Clone, Debug, Deserialize)]
pub struct Fault {
    /// Path prefix it applies to, e.g. `/v2/link/providers` or `/api/link-token`.
    pub path: String,
    pub kind: FaultKind,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub delay_ms: Option<u64>,
    #[serde(default)]
    pub size: Option<usize>,
    /// How many requests it applies to.
    #[serde(default = "one")]
    pub times: u32,
}

/// How a faulty answer misbehaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    /// Answer with the fault's `status` and `body`.
    Status,
    /// Wait `delay_ms`, then answer normally.
    Hang,
    /// Start a 200 answer and cut the connection.
    Drop,
    /// A 200 answer of `size` bytes (default 5 MB) of JSON that is not what the API
    /// sends.
    Huge,
}

pub(super) fn one() -> u32 {
    1
}

pub(super) async fn add_fault(
    State(sb): State<Sandbox>,
    // An unknown `kind` is a 422, like any body of the wrong shape.
    VitalJson(fault): VitalJson<Fault>,
) -> ApiResult<StatusCode> {
    sb.lock().faults.push(fault);
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn clear_faults(State(sb): State<Sandbox>) -> StatusCode {
    sb.lock().faults.clear();
    StatusCode::NO_CONTENT
}

/// Middleware: answers with a queued fault instead of the real handler.
pub async fn inject_faults(
    State(sb): State<Sandbox>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/sandbox/") {
        return next.run(request).await;
    }
    let Some(fault) = sb.take_fault(&path) else {
        return next.run(request).await;
    };
    if let Some(ms) = fault.delay_ms {
        tokio::time::sleep(Duration::from_millis(ms.min(120_000))).await;
    }
    match fault.kind {
        FaultKind::Status => {
            let status = StatusCode::from_u16(fault.status.unwrap_or(500))
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = fault.body.unwrap_or_default();
            (status, [("content-type", "application/json")], body).into_response()
        }
        FaultKind::Drop => {
            // Headers and the start of a body go out, then the connection is cut. (Cut
            // before any byte, a browser silently retries the request elsewhere.)
            use futures_util::StreamExt;
            let start = futures_util::stream::once(async {
                Ok(axum::body::Bytes::from_static(b"[{\"name\": \"Fit"))
            });
            let cut = futures_util::stream::once(async {
                // Long enough for the first bytes to be flushed to the browser.
                tokio::time::sleep(Duration::from_millis(100)).await;
                Err(std::io::Error::other("fault: connection dropped"))
            });
            let broken = start.chain(cut);
            (
                StatusCode::OK,
                [("content-type", "application/json")],
                axum::body::Body::from_stream(broken),
            )
                .into_response()
        }
        FaultKind::Huge => {
            let size = fault.size.unwrap_or(5 * 1024 * 1024).min(64 * 1024 * 1024);
            let body = format!("{{\"padding\":\"{}\"}}", "x".repeat(size));
            (StatusCode::OK, [("content-type", "application/json")], body).into_response()
        }
        FaultKind::Hang => next.run(request).await,
    }
}
