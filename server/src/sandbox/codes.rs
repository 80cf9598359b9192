//! Apple HealthKit pairing codes, as Vital issues them for its Junction Connect iOS
//! app: `POST /v2/link/code/create?user_id=` (team key) answers Vital's
//! `VitalTokenCreatedResponse`, `{code, exchange_url, expires_at}`. A code is used once
//! and expires (an hour by default, or at the `expires_at` asked for). The app's side,
//! redeeming a code, is a development tool here (`/sandbox/control/redeem-code`): it
//! connects Apple HealthKit for the code's user, as the app would.

use super::extract::TeamKey;
use super::{users, AuthKind, Sandbox};
use crate::errors::{detail, validation_error, ApiResult};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The provider a pairing code connects.
pub const PAIRED_PROVIDER: &str = "apple_health_kit";

/// How long a code lasts unless `expires_at` says otherwise (Vital: an hour).
const CODE_TTL: Duration = Duration::from_secs(3600);

/// `POST /v2/link/code/create`, with the team key (the host backend calls it, never a
/// browser: no CORS).
pub fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/v2/link/code/create", post(create_code))
        .with_state(sandbox)
}

/// One issued code.
pub(super) struct Code {
    code: String,
    user_id: String,
    expires_at: SystemTime,
    used: bool,
}

#[derive(Deserialize)]
pub(super) struct CreateCode {
    user_id: Option<String>,
    expires_at: Option<String>,
}

/// `POST /v2/link/code/create?user_id=<uuid>[&expires_at=<RFC 3339>]`: a fresh code
/// for a user the team has. A missing or malformed `user_id` or `expires_at` is
/// FastAPI's 422; an unknown user 404.
pub(super) async fn create_code(
    State(sb): State<Sandbox>,
    _: TeamKey,
    Query(query): Query<CreateCode>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    sb.record("POST", "/v2/link/code/create", &headers, None);
    let user_id = query
        .user_id
        .filter(|id| super::is_uuid(id))
        .ok_or_else(|| validation_error("user_id", "Input should be a valid UUID"))?;
    let expires_at = match query.expires_at.as_deref() {
        None => SystemTime::now() + CODE_TTL,
        Some(text) => parse_time(text)
            .ok_or_else(|| validation_error("expires_at", "Input should be a valid datetime"))?,
    };
    let mut store = sb.lock();
    store.check_user(&user_id)?;
    // Vital's shape: `sk`/`pk`, the region, eight hex digits.
    let code = format!("skus{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let answer = json!({
        "code": code,
        "exchange_url": format!("tryvital://tryvital?code={code}"),
        "expires_at": format_time(expires_at),
    });
    store.codes.push(Code {
        code,
        user_id,
        expires_at,
        used: false,
    });
    Ok(Json(answer))
}

#[derive(Deserialize)]
pub(super) struct Redeem {
    code: String,
}

/// `POST /sandbox/control/redeem-code` with `{"code": "..."}`: what Junction Connect
/// does with a code, connecting Apple HealthKit for its user. An unknown or used code is
/// 404, an expired one 410.
pub(super) async fn redeem_code(
    State(sb): State<Sandbox>,
    Json(Redeem { code }): Json<Redeem>,
) -> ApiResult<Json<Value>> {
    let mut store = sb.lock();
    let Some(issued) = store.codes.iter_mut().find(|c| c.code == code && !c.used) else {
        return Err(detail(
            StatusCode::NOT_FOUND,
            "INVALID_REQUEST",
            "Unknown or used code",
        ));
    };
    if issued.expires_at <= SystemTime::now() {
        return Err(detail(StatusCode::GONE, "INVALID_REQUEST", "Code expired"));
    }
    issued.used = true;
    let user_id = issued.user_id.clone();
    store.connect(user_id.clone(), PAIRED_PROVIDER, AuthKind::Sdk);
    Ok(Json(
        json!({ "user_id": user_id, "provider": PAIRED_PROVIDER }),
    ))
}

fn parse_time(text: &str) -> Option<SystemTime> {
    let time =
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    let nanos = time.unix_timestamp_nanos();
    let since = Duration::from_nanos(u64::try_from(nanos).ok()?);
    Some(UNIX_EPOCH + since)
}

fn format_time(at: SystemTime) -> String {
    let secs = at
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    users::rfc3339(secs)
}
