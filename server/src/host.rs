//! The host app's token endpoint, as a reference for integrators: the browser asks
//! its own app for a link token; the app asks Vital with the team API key, which
//! never leaves the server.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

pub struct HostConfig {
    /// Vital's base URL (or the embedded sandbox's).
    pub vital_base: String,
    /// The team API key: read from the environment, sent only to `vital_base`.
    pub api_key: String,
    /// The signed-in user's Vital user id. A real app takes it from its session.
    pub user_id: String,
    /// Where Vital sends the browser after OAuth; default: the page that asked.
    pub redirect_url: Option<String>,
    pub http: reqwest::Client,
}

impl HostConfig {
    pub fn new(
        vital_base: &str,
        api_key: &str,
        user_id: &str,
        redirect_url: Option<String>,
    ) -> HostConfig {
        HostConfig {
            vital_base: vital_base.trim_end_matches('/').to_owned(),
            api_key: api_key.to_owned(),
            user_id: user_id.to_owned(),
            redirect_url,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
        }
    }
}

fn host_error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// `POST /api/link-token` → `{"link_token": "..."}`. The request body is ignored (the
/// widget sends `{}`), but it is still bounded by the server's body limit.
pub async fn link_token(
    State(host): State<Arc<HostConfig>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if let Err(rejection) = body {
        return host_error(rejection.status(), "request body too large or unreadable");
    }
    let redirect_url = host
        .redirect_url
        .clone()
        .unwrap_or_else(|| return_url(&headers));
    let answer = host
        .http
        .post(format!("{}/v2/link/token", host.vital_base))
        .header("x-vital-api-key", &host.api_key)
        .json(&json!({ "user_id": host.user_id, "redirect_url": redirect_url }))
        .send()
        .await;
    let response = match answer {
        Ok(response) => response,
        // reqwest's error text names the URL, never headers: no key in it.
        Err(e) => {
            let reason = e.without_url();
            return host_error(
                StatusCode::BAD_GATEWAY,
                &format!("could not reach Vital: {reason}"),
            );
        }
    };
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    match body.get("link_token").and_then(Value::as_str) {
        Some(token) if status.is_success() => {
            let mut response = Json(json!({ "link_token": token })).into_response();
            response
                .headers_mut()
                .insert("cache-control", HeaderValue::from_static("no-store"));
            response
        }
        _ => host_error(
            StatusCode::BAD_GATEWAY,
            &format!(
                "Vital refused the link token request (HTTP {})",
                status.as_u16()
            ),
        ),
    }
}

/// The page that asked for the token (its `Referer`, when it is on this host), minus
/// any OAuth return parameters; else this host's root.
pub fn return_url(headers: &HeaderMap) -> String {
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let referer = headers.get("referer").and_then(|r| r.to_str().ok());
    match referer {
        Some(page) if same_host(page, host) => {
            let (base, query) = page.split_once('?').unwrap_or((page, ""));
            let base = base.split('#').next().unwrap_or(base);
            let kept: Vec<&str> = query
                .split('#')
                .next()
                .unwrap_or("")
                .split('&')
                .filter(|p| !p.is_empty())
                .filter(|p| {
                    let key = p.split('=').next().unwrap_or("");
                    !["state", "error_type", "error", "provider"].contains(&key)
                })
                .collect();
            if kept.is_empty() {
                base.to_owned()
            } else {
                format!("{base}?{}", kept.join("&"))
            }
        }
        _ => format!("http://{host}/"),
    }
}

fn same_host(url: &str, host: &str) -> bool {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .unwrap_or("");
    rest.split(['/', '?', '#']).next() == Some(host)
}
