//! The sandbox's development tools: status, the request log and test controls, for
//! loopback callers only.

use super::faults::{add_fault, clear_faults};
use super::oauth::{consent_decision, consent_page};
use super::providers::logo;
use super::{users, AuthKind, Sandbox};
use crate::errors::detail;
use axum::extract::State;
use axum::http::StatusCode;
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
            "/sandbox/control/faults",
            post(add_fault).delete(clear_faults),
        )
        .with_state(sandbox)
        .layer(axum::middleware::from_fn(loopback_only))
}

/// 403 for a caller that is not on this machine (or whose address is unknown).
pub(super) async fn loopback_only(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    if peer.is_some_and(|ip| ip.is_loopback()) {
        next.run(request).await
    } else {
        detail(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "The sandbox's tools answer only on this machine",
        )
        .into_response()
    }
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
    Json(Value::Array(sb.lock().requests.clone()))
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
