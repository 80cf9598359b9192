//! The sandbox's development tools: status, the request log and test controls, for
//! loopback callers only.

use super::faults::{add_fault, clear_faults};
use super::oauth::{consent_decision, consent_page};
use super::providers::logo;
use super::{users, AuthKind, Sandbox};
use crate::errors::detail;
use crate::host::{is_json, is_loopback_name};
use axum::extract::State;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::time::Instant;

/// The sandbox's own pages and controls (the OAuth consent page, logos, status, the
/// request log, faults): a development tool, so only loopback callers get answers.
pub fn dev_tools(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/sandbox/oauth/consent", get(consent_page))
        .route("/sandbox/oauth/decision", post(consent_decision))
        .route("/sandbox/logos/{file}", get(logo))
        .route("/sandbox/status", get(status))
        .route("/sandbox/requests", get(requests).delete(clear_requests))
        .route("/sandbox/control/expire-tokens", post(expire_tokens))
        .route("/sandbox/control/consume-tokens", post(consume_tokens))
        .route(
            "/sandbox/control/break-connections",
            post(break_connections),
        )
        .route(
            "/sandbox/control/redeem-code",
            post(super::codes::redeem_code),
        )
        .route(
            "/sandbox/control/faults",
            post(add_fault).delete(clear_faults),
        )
        .with_state(sandbox)
        .layer(axum::middleware::from_fn(loopback_only))
}

/// The tools answer only this machine: a loopback peer that also names a loopback host
/// (so a page whose name was rebound to 127.0.0.1 gets nothing). Controls take JSON only
/// (415 otherwise), which a cross-site form or simple request cannot send.
pub(super) async fn loopback_only(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    if !peer.is_some_and(|ip| ip.is_loopback()) || !host.is_some_and(is_loopback_name) {
        return detail(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "The sandbox's tools answer only on this machine",
        )
        .into_response();
    }
    let control = request.uri().path().starts_with("/sandbox/control/");
    if control && request.method() == Method::POST && !is_json(request.headers()) {
        return detail(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "Content-Type must be application/json",
        )
        .into_response();
    }
    next.run(request).await
}

pub(super) async fn status(State(sb): State<Sandbox>) -> Json<Value> {
    let store = sb.lock();
    let users: Vec<Value> = store
        .users
        .iter()
        .map(|u| json!({ "user_id": u.user_id, "client_user_id": u.client_user_id }))
        .collect();
    Json(json!({
        "connections": store.connections,
        "users": users,
        "tokens_issued": store.tokens.len(),
        "faults_queued": store.faults.len(),
    }))
}

pub(super) async fn requests(State(sb): State<Sandbox>) -> Json<Value> {
    Json(Value::Array(sb.lock().requests.iter().cloned().collect()))
}

pub(super) async fn clear_requests(State(sb): State<Sandbox>) -> StatusCode {
    sb.lock().requests.clear();
    StatusCode::NO_CONTENT
}

/// Makes every issued link token expired now (token expiry in the middle of a flow).
pub(super) async fn expire_tokens(State(sb): State<Sandbox>) -> StatusCode {
    let now = Instant::now();
    for token in sb.lock().tokens.values_mut() {
        token.expires_at = now;
    }
    StatusCode::NO_CONTENT
}

/// Puts every connection in error, as Vital reports one whose password expired (a
/// password provider) or whose access stopped refreshing (the others). Connecting the
/// provider again mends it.
pub(super) async fn break_connections(State(sb): State<Sandbox>) -> StatusCode {
    let errored_at = users::now_rfc3339();
    for connection in &mut sb.lock().connections {
        let (error_type, error_message) = match connection.auth_type {
            AuthKind::Password => (
                "provider_password_expired",
                "The provider requires a password reset",
            ),
            _ => ("token_refresh_failed", "The provider's access has expired"),
        };
        connection.error_details = Some(json!({
            "error_type": error_type,
            "error_message": error_message,
            "errored_at": errored_at,
        }));
    }
    StatusCode::NO_CONTENT
}

/// Marks every issued link token used, as if another tab had completed a connection.
pub(super) async fn consume_tokens(State(sb): State<Sandbox>) -> StatusCode {
    for token in sb.lock().tokens.values_mut() {
        token.consumed = true;
    }
    StatusCode::NO_CONTENT
}
