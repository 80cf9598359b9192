//! The Link API endpoints, with Vital's paths and shapes: link tokens (with the team
//! key), and the OAuth, password (with MFA) and email connections (with a link token).

use super::extract::{LinkTokenHeader, TeamKey};
use super::providers::{provider, provider_json};
use super::{
    AuthKind, OAuthSession, PendingMfa, Sandbox, EXPIRED_USERNAME, MFA_USERNAME, PROVIDERS,
    TEST_MFA_CODE, TEST_PASSWORD, TEST_USERNAME,
};
use crate::errors::{detail, link_error, validation_error, ApiResult, VitalJson};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
pub(super) struct TokenRequest {
    user_id: String,
    #[serde(default)]
    provider: Option<String>,
    #[serde(default)]
    redirect_url: Option<String>,
    #[serde(default)]
    filter_on_providers: Option<Vec<String>>,
}

pub(super) async fn create_token(
    State(sb): State<Sandbox>,
    _: TeamKey,
    VitalJson(request): VitalJson<TokenRequest>,
) -> ApiResult<Json<Value>> {
    if !is_uuid(&request.user_id) {
        return Err(detail(
            StatusCode::BAD_REQUEST,
            "INVALID_USER_ID",
            "User id is incorrect",
        ));
    }
    let filter = match (request.filter_on_providers, request.provider) {
        (Some(list), _) if list.is_empty() => {
            return Err(validation_error(
                "filter_on_providers",
                "List should have at least 1 item after validation, not 0",
            ))
        }
        (Some(list), _) => Some(list),
        (None, Some(p)) => Some(vec![p]),
        (None, None) => None,
    };
    if let Some(unknown) = filter.iter().flatten().find(|s| provider(s).is_none()) {
        return Err(detail(
            StatusCode::BAD_REQUEST,
            "INVALID_PROVIDER",
            &format!("Provider {unknown} is not supported"),
        ));
    }
    let token = sb.issue_token(&request.user_id, request.redirect_url, filter);
    Ok(Json(json!({
        "link_token": token,
        "link_web_url": format!("https://link.tryvital.io/?token={token}&env=sandbox&region=us"),
    })))
}

/// Vital's user ids are UUIDs.
pub fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && [8, 4, 4, 4, 12]
            .iter()
            .zip(&parts)
            .all(|(len, part)| part.len() == *len && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub(super) async fn oauth_provider(
    State(sb): State<Sandbox>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    token: LinkTokenHeader,
) -> ApiResult<Json<Value>> {
    sb.record(
        "GET",
        &format!("/v2/link/provider/oauth/{slug}"),
        &headers,
        None,
    );
    let token = sb.check_token(&token)?;
    let p = sb.provider_for(&token, &slug, AuthKind::OAuth)?;
    let session = sb.new_id("oauth");
    let provider = slug.clone();
    sb.lock()
        .oauth_sessions
        .insert(session.clone(), OAuthSession { token, provider });
    // The consent page lives on this server.
    let base = sb.base_url(&headers);
    let index = PROVIDERS.iter().position(|q| q.slug == p.slug).unwrap_or(0);
    let mut source = provider_json(p, index, &base);
    source["oauth_url"] = json!(format!("{base}/sandbox/oauth/consent?session={session}"));
    source["group"] = Value::Null;
    source["source_type"] = json!("device");
    source["is_active"] = json!(true);
    source["backfill_num_days"] = json!(90);
    Ok(Json(source))
}

pub(super) fn request_host(headers: &HeaderMap) -> &str {
    headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".:-[]".contains(&b))
        })
        .unwrap_or("127.0.0.1")
}

#[derive(Deserialize)]
pub(super) struct PasswordRequest {
    username: String,
    password: String,
    #[serde(default)]
    region: Option<String>,
}

pub(super) async fn password_provider(
    State(sb): State<Sandbox>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    token: LinkTokenHeader,
    VitalJson(body): VitalJson<Value>,
) -> ApiResult<Json<Value>> {
    let path = format!("/v2/link/provider/password/{slug}");
    let (request, token): (PasswordRequest, String) =
        sb.begin_post((&path, &slug, AuthKind::Password), &headers, &token, body)?;
    if let Some(region) = &request.region {
        // The widget's list is Vital's `Region` enum.
        if !vital_link::api::REGIONS.contains(&region.as_str()) {
            return Err(validation_error("region", "Input should be a valid Region"));
        }
    }
    let username = request.username.trim().to_ascii_lowercase();
    let answer = match (username.as_str(), request.password == TEST_PASSWORD) {
        (TEST_USERNAME, true) => {
            sb.connect(&token, &slug, AuthKind::Password);
            link_state("success", &slug)
        }
        (MFA_USERNAME, true) => {
            let provider = slug.clone();
            sb.lock().pending_mfa.push(PendingMfa { token, provider });
            let mut body = link_state("pending_provider_mfa", &slug);
            body["provider_mfa"] = json!({ "method": "sms", "hint": "+1 ••• ••• 0123" });
            body
        }
        (EXPIRED_USERNAME, true) => link_error(
            &slug,
            "provider_password_expired",
            "The provider requires a password reset",
        ),
        _ => link_error(
            &slug,
            "provider_credential_error",
            "Incorrect username or password",
        ),
    };
    Ok(Json(answer))
}

pub(super) fn link_state(state: &str, slug: &str) -> Value {
    json!({
        "state": state,
        "redirect_url": null,
        "error_type": null,
        "error": null,
        "provider_mfa": null,
        "provider": slug,
        "connected": state == "success",
        "provider_id": null,
    })
}

#[derive(Deserialize)]
pub(super) struct MfaRequest {
    mfa_code: String,
}

pub(super) async fn complete_mfa(
    State(sb): State<Sandbox>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    token: LinkTokenHeader,
    VitalJson(body): VitalJson<Value>,
) -> ApiResult<Json<Value>> {
    let path = format!("/v2/link/provider/password/{slug}/complete_mfa");
    let (request, token): (MfaRequest, String) =
        sb.begin_post((&path, &slug, AuthKind::Password), &headers, &token, body)?;
    let challenge = PendingMfa {
        token: token.clone(),
        provider: slug.clone(),
    };
    let pending = sb.lock().pending_mfa.contains(&challenge);
    if !pending {
        return Ok(Json(link_error(
            &slug,
            "token_not_validated",
            "No MFA challenge is pending for this provider",
        )));
    }
    if request.mfa_code.trim() != TEST_MFA_CODE {
        return Ok(Json(link_error(
            &slug,
            "incorrect_mfa_code",
            "The MFA code is incorrect",
        )));
    }
    sb.lock().pending_mfa.retain(|p| p != &challenge);
    sb.connect(&token, &slug, AuthKind::Password);
    Ok(Json(link_state("success", &slug)))
}

#[derive(Deserialize)]
pub(super) struct EmailRequest {
    email: String,
    #[serde(default)]
    region: Option<String>,
}

pub(super) async fn email_provider(
    State(sb): State<Sandbox>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    token: LinkTokenHeader,
    VitalJson(body): VitalJson<Value>,
) -> ApiResult<Json<Value>> {
    let path = format!("/v2/link/provider/email/{slug}");
    let (request, token): (EmailRequest, String) =
        sb.begin_post((&path, &slug, AuthKind::Email), &headers, &token, body)?;
    let region = request.region.unwrap_or_else(|| "us".into());
    if !vital_link::api::REGIONS.contains(&region.as_str()) {
        return Err(validation_error("region", "Input should be a valid Region"));
    }
    let email = request.email.trim();
    match email.split_once('@') {
        Some((local, domain)) if !local.is_empty() && domain.contains('.') => {}
        _ => {
            return Err(validation_error(
                "email",
                "value is not a valid email address",
            ))
        }
    }
    if region != "us" && region != "eu" {
        return Ok(Json(link_error(
            &slug,
            "unsupported_region",
            "This provider only supports the us and eu regions",
        )));
    }
    sb.connect(&token, &slug, AuthKind::Email);
    Ok(Json(link_state("success", &slug)))
}
