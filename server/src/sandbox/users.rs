//! Vital users and their connections, with Vital's paths, shapes and status codes:
//! `POST /v2/user`, `GET /v2/user/resolve/{client_user_id}`,
//! `GET /v2/user/providers/{user_id}` and `DELETE /v2/user/{user_id}/{provider}`, all
//! with the team API key.

use super::extract::TeamKey;
use super::providers::provider;
use super::{AuthKind, Sandbox};
use crate::errors::{detail, ApiResult, VitalJson};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::time::{SystemTime, UNIX_EPOCH};

/// A Vital user of the sandbox's one team.
#[derive(Clone, Debug)]
pub(super) struct User {
    pub user_id: String,
    pub client_user_id: String,
    pub created_on: String,
}

/// A provider connected through Link, for one Vital user (one per user and provider:
/// connecting again replaces it).
#[derive(Clone, Debug, Serialize)]
pub(super) struct Connection {
    pub user_id: String,
    pub provider: String,
    #[serde(serialize_with = "auth_type_name")]
    pub auth_type: AuthKind,
    /// Seconds since the epoch.
    pub connected_at: u64,
    pub created_on: String,
    /// Vital's `ClientFacingConnectionErrorDetails` once the connection broke
    /// (`/sandbox/control/break-connections`); `None` while it works.
    pub error_details: Option<Value>,
}

/// The team the sandbox's key belongs to.
const TEAM_ID: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

pub fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/v2/user", post(create_user))
        .route("/v2/user/resolve/{client_user_id}", get(resolve_user))
        .route("/v2/user/providers/{user_id}", get(user_providers))
        .route("/v2/user/{user_id}/{provider}", delete(deregister_provider))
        .with_state(sandbox)
}

fn auth_type_name<S: serde::Serializer>(kind: &AuthKind, to: S) -> Result<S::Ok, S::Error> {
    to.serialize_str(kind.as_str())
}

/// Now, as Vital writes times (RFC 3339, UTC).
pub(super) fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    rfc3339(secs)
}

/// `secs` since the epoch, as Vital writes times (RFC 3339, UTC).
pub(super) fn rfc3339(secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

fn client_facing(user: &User) -> Value {
    json!({
        "user_id": user.user_id,
        "team_id": TEAM_ID,
        "client_user_id": user.client_user_id,
        "created_on": user.created_on,
        "connected_sources": [],
        "fallback_time_zone": null,
        "fallback_birth_date": null,
        "ingestion_start": null,
        "ingestion_end": null,
    })
}

#[derive(Deserialize)]
struct CreateUser {
    client_user_id: String,
}

/// 200 with the new user, or Vital's 400 `ClientUserIDConflict` naming the existing one.
async fn create_user(
    State(sb): State<Sandbox>,
    _: TeamKey,
    VitalJson(request): VitalJson<CreateUser>,
) -> ApiResult<Response> {
    let mut store = sb.lock();
    if let Some(user) = store
        .users
        .iter()
        .find(|u| u.client_user_id == request.client_user_id)
    {
        let conflict = json!({ "detail": {
            "error_type": "INVALID_REQUEST",
            "error_message": "Client user id already exists.",
            "user_id": user.user_id,
            "created_on": user.created_on,
        }});
        return Ok((StatusCode::BAD_REQUEST, Json(conflict)).into_response());
    }
    let user = User {
        user_id: uuid::Uuid::new_v4().to_string(),
        client_user_id: request.client_user_id,
        created_on: now_rfc3339(),
    };
    store.users.push(user.clone());
    Ok(Json(client_facing(&user)).into_response())
}

async fn resolve_user(
    State(sb): State<Sandbox>,
    _: TeamKey,
    Path(client_user_id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = sb.lock();
    match store
        .users
        .iter()
        .find(|u| u.client_user_id == client_user_id)
    {
        Some(user) => Ok(Json(client_facing(user))),
        None => Err(detail(
            StatusCode::NOT_FOUND,
            "INVALID_REQUEST",
            "User not found",
        )),
    }
}

/// `{"providers": [...]}`: what the user connected through Link, as
/// `ClientFacingProviderWithStatus`.
async fn user_providers(
    State(sb): State<Sandbox>,
    _: TeamKey,
    Path(user_id): Path<String>,
) -> ApiResult<Json<Value>> {
    let store = sb.lock();
    let providers: Vec<Value> = store
        .connections
        .iter()
        .filter(|c| c.user_id == user_id)
        .filter_map(|c| {
            let p = provider(&c.provider)?;
            Some(json!({
                "name": p.name,
                "slug": p.slug,
                "logo": format!("/sandbox/logos/{}.svg", p.slug),
                "created_on": c.created_on,
                "status": if c.error_details.is_some() { "error" } else { "connected" },
                "external_user_id": null,
                "error_details": c.error_details,
                "resource_availability": {},
            }))
        })
        .collect();
    Ok(Json(json!({ "providers": providers })))
}

/// Vital's "Deregister Provider": `{"success": true}` once the user's connection to it
/// is gone. An unknown user or a provider they have not connected is 404, a slug that
/// names no provider 422, as Vital answers them.
async fn deregister_provider(
    State(sb): State<Sandbox>,
    _: TeamKey,
    Path((user_id, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    sb.record(
        "DELETE",
        &format!("/v2/user/{user_id}/{slug}"),
        &headers,
        None,
    );
    if provider(&slug).is_none() {
        return Err(detail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_PROVIDER",
            "Provider not supported",
        ));
    }
    let mut store = sb.lock();
    store.check_user(&user_id)?;
    let before = store.connections.len();
    store
        .connections
        .retain(|c| !(c.user_id == user_id && c.provider == slug));
    if store.connections.len() == before {
        return Err(detail(
            StatusCode::NOT_FOUND,
            "INVALID_REQUEST",
            "Provider not connected",
        ));
    }
    Ok(Json(json!({ "success": true })))
}
