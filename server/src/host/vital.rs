//! The host backend's calls to Vital, each with the team key (sent only to Vital's
//! base URL, never followed through a redirect), and what a failure answers the page.

use super::HostConfig;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::{json, Value};
use std::collections::HashMap;

impl HostConfig {
    /// The Vital user for one of the app's users: created on first sight
    /// (`POST /v2/user`); a 400 that names a `user_id` (Vital's `ClientUserIDConflict`)
    /// means it exists already; otherwise `GET /v2/user/resolve/{client_user_id}`.
    pub async fn vital_user(&self, client_user_id: &str) -> Result<String, Response> {
        if let Some(id) = self.cached(client_user_id) {
            return Ok(id);
        }
        let created = self
            .vital(self.http.post(format!("{}/v2/user", self.vital_base)))
            .json(&json!({ "client_user_id": client_user_id }))
            .send()
            .await
            .map_err(unreachable)?;
        let status = created.status();
        let body = answer_json(created, self.answer_limit).await;
        let id = match user_id(&body) {
            Some(id) if status.is_success() || status == StatusCode::BAD_REQUEST => id,
            _ => match self.resolve_user(client_user_id).await? {
                Some(id) => id,
                None => return Err(refused("user", reqwest::StatusCode::NOT_FOUND)),
            },
        };
        self.lock_ids()
            .insert(client_user_id.to_owned(), id.clone());
        Ok(id)
    }

    /// The Vital user for one of the app's users if Vital knows them already
    /// (`GET /v2/user/resolve/{client_user_id}`), creating nobody: what a read such as
    /// `GET /api/vital/connections` may ask. `None` when Vital answers 404.
    pub async fn known_vital_user(&self, client_user_id: &str) -> Result<Option<String>, Response> {
        if let Some(id) = self.cached(client_user_id) {
            return Ok(Some(id));
        }
        let id = self.resolve_user(client_user_id).await?;
        if let Some(id) = &id {
            self.lock_ids()
                .insert(client_user_id.to_owned(), id.clone());
        }
        Ok(id)
    }

    async fn resolve_user(&self, client_user_id: &str) -> Result<Option<String>, Response> {
        let path = utf8_percent_encode(client_user_id, NON_ALPHANUMERIC);
        let url = format!("{}/v2/user/resolve/{path}", self.vital_base);
        let resolved = self
            .vital(self.http.get(url))
            .send()
            .await
            .map_err(unreachable)?;
        let status = resolved.status();
        let body = answer_json(resolved, self.answer_limit).await;
        match user_id(&body) {
            Some(id) if status.is_success() => Ok(Some(id)),
            _ if status == reqwest::StatusCode::NOT_FOUND => Ok(None),
            _ => Err(refused("user", status)),
        }
    }

    fn cached(&self, client_user_id: &str) -> Option<String> {
        self.lock_ids().get(client_user_id).cloned()
    }

    fn lock_ids(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.vital_ids
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A request to Vital, with the team key.
    pub(super) fn vital(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.header("x-vital-api-key", &self.api_key)
    }
}

/// The `user_id` in Vital's answer: the user, or (400) the existing one it names.
fn user_id(body: &Value) -> Option<String> {
    body.get("user_id")
        .or_else(|| body.get("detail").and_then(|d| d.get("user_id")))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The JSON of one of Vital's answers, or `Null` when it is not JSON, or longer than
/// `limit` bytes (then read no further).
pub(super) async fn answer_json(mut response: reqwest::Response, limit: usize) -> Value {
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Value::Null;
    }
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        if body.len() + chunk.len() > limit {
            return Value::Null;
        }
        body.extend_from_slice(&chunk);
    }
    serde_json::from_slice(&body).unwrap_or(Value::Null)
}

/// 502 for a Vital that could not be reached (reqwest's error text names no header).
pub(super) fn unreachable(error: reqwest::Error) -> Response {
    let reason = error.without_url();
    tracing::warn!(%reason, "could not reach Vital");
    host_error(
        StatusCode::BAD_GATEWAY,
        &format!("could not reach Vital: {reason}"),
    )
}

/// 502 for a Vital that said no. Its body may name internals: it stays out of the
/// answer and the log.
pub(super) fn refused(what: &str, status: reqwest::StatusCode) -> Response {
    tracing::warn!(what, status = status.as_u16(), "Vital refused a request");
    host_error(
        StatusCode::BAD_GATEWAY,
        &format!(
            "Vital refused the {what} request (HTTP {})",
            status.as_u16()
        ),
    )
}

pub(super) fn host_error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}
