//! The endpoints: a link token for the signed-in person, their connections,
//! disconnecting one, and a pairing code for the Junction Connect app.

use super::vital::{answer_json, host_error, refused, unreachable};
use super::{ChosenProvider, HostConfig, SignedInUser};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::{json, Value};
use std::sync::Arc;

/// `POST /api/link-token` → `{"link_token": "..."}`. The request body is ignored (the
/// widget sends `{}`), but it is still bounded by the server's body limit.
pub async fn link_token(
    State(host): State<Arc<HostConfig>>,
    SignedInUser(client_user_id): SignedInUser,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let user_id = match vital_user_asking(&host, &client_user_id, body).await {
        Ok(id) => id,
        Err(response) => return response,
    };
    let redirect_url = host
        .redirect_url
        .clone()
        .unwrap_or_else(|| return_url(&headers));
    let response = host
        .vital(host.http.post(format!("{}/v2/link/token", host.vital_base)))
        .json(&json!({ "user_id": user_id, "redirect_url": redirect_url }))
        .send()
        .await;
    let response = match response {
        Ok(response) => response,
        Err(e) => return unreachable(e),
    };
    let status = response.status();
    let body = answer_json(response, host.answer_limit).await;
    match body.get("link_token").and_then(Value::as_str) {
        Some(token) if status.is_success() => {
            no_store(Json(json!({ "link_token": token })).into_response())
        }
        _ => refused("link token", status),
    }
}

/// `GET /api/vital/connections` → the signed-in person's connections, as Vital's
/// `GET /v2/user/providers/{user_id}` gives them (`{"providers": [...]}`), each with
/// what the widget and a host's own UI read: `name`, `slug`, `logo`, `created_on`,
/// `status` and `error_details`. (Not `external_user_id`: a provider username or
/// email the page has no need for.) The widget reads it through its `connections-url`.
/// A read, so no CSRF guard: another site's page cannot read the answer.
pub async fn connections(
    State(host): State<Arc<HostConfig>>,
    SignedInUser(client_user_id): SignedInUser,
) -> Response {
    // A read creates nobody at Vital: a person Vital does not know has no connections.
    let user_id = match host.known_vital_user(&client_user_id).await {
        Ok(Some(id)) => id,
        Ok(None) => return no_store(Json(json!({ "providers": [] })).into_response()),
        Err(response) => return response,
    };
    let path = utf8_percent_encode(&user_id, NON_ALPHANUMERIC);
    let url = format!("{}/v2/user/providers/{path}", host.vital_base);
    let response = match host.vital(host.http.get(url)).send().await {
        Ok(response) => response,
        Err(e) => return unreachable(e),
    };
    let status = response.status();
    let body = answer_json(response, host.answer_limit).await;
    let providers = match body.get("providers").and_then(Value::as_array) {
        Some(providers) if status.is_success() => providers,
        _ => return refused("connections", status),
    };
    let keep = [
        "name",
        "slug",
        "logo",
        "created_on",
        "status",
        "error_details",
    ];
    let providers: Vec<Value> = providers
        .iter()
        .map(|p| {
            keep.iter()
                .filter_map(|k| Some((k.to_string(), p.get(*k)?.clone())))
                .collect::<serde_json::Map<_, _>>()
                .into()
        })
        .collect();
    no_store(Json(json!({ "providers": providers })).into_response())
}

/// `POST /api/vital/disconnect` with `{"provider": "<slug>"}` → `{"success": true}`:
/// Vital's `DELETE /v2/user/{user_id}/{provider}` for the signed-in person (behind the
/// same guard as the token endpoint: it changes something for them). A provider that
/// was not connected, or a person Vital does not know, is already disconnected.
pub async fn disconnect(
    State(host): State<Arc<HostConfig>>,
    SignedInUser(client_user_id): SignedInUser,
    ChosenProvider(slug): ChosenProvider,
) -> Response {
    let done = || no_store(Json(json!({ "success": true })).into_response());
    let user_id = match host.known_vital_user(&client_user_id).await {
        Ok(Some(id)) => id,
        Ok(None) => return done(),
        Err(response) => return response,
    };
    let user = utf8_percent_encode(&user_id, NON_ALPHANUMERIC);
    let url = format!("{}/v2/user/{user}/{slug}", host.vital_base);
    let response = match host.vital(host.http.delete(url)).send().await {
        Ok(response) => response,
        Err(e) => return unreachable(e),
    };
    let status = response.status();
    if status.is_success() || status == reqwest::StatusCode::NOT_FOUND {
        tracing::info!(provider = %slug, "disconnected a provider");
        done()
    } else {
        refused("disconnect", status)
    }
}

/// `POST /api/vital/link-code` → `{"code", "exchange_url", "expires_at"}`: a pairing
/// code for the signed-in person's Junction Connect app (Apple HealthKit), from Vital's
/// `POST /v2/link/code/create?user_id=` (behind the token endpoint's guard: a code, like
/// a token, lets a phone connect to this person). The body is ignored, as for a token.
pub async fn link_code(
    State(host): State<Arc<HostConfig>>,
    SignedInUser(client_user_id): SignedInUser,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let user_id = match vital_user_asking(&host, &client_user_id, body).await {
        Ok(id) => id,
        Err(response) => return response,
    };
    let url = format!("{}/v2/link/code/create", host.vital_base);
    let request = host.http.post(url).query(&[("user_id", &user_id)]);
    let response = match host.vital(request).send().await {
        Ok(response) => response,
        Err(e) => return unreachable(e),
    };
    let status = response.status();
    let body = answer_json(response, host.answer_limit).await;
    let field = |name| body.get(name).and_then(Value::as_str);
    match (field("code"), field("exchange_url"), field("expires_at")) {
        (Some(code), Some(exchange_url), Some(expires_at)) if status.is_success() => no_store(
            Json(json!({ "code": code, "exchange_url": exchange_url, "expires_at": expires_at }))
                .into_response(),
        ),
        _ => refused("link code", status),
    }
}

/// The Vital user of a POST whose body is ignored (the widget sends `{}`), which is
/// still bounded by the server's body limit: created on first sight.
async fn vital_user_asking(
    host: &HostConfig,
    client_user_id: &str,
    body: Result<Bytes, BytesRejection>,
) -> Result<String, Response> {
    if let Err(rejection) = body {
        return Err(host_error(
            rejection.status(),
            "request body too large or unreadable",
        ));
    }
    host.vital_user(client_user_id).await
}

/// The answer, marked not to be cached: it is one person's.
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert("cache-control", HeaderValue::from_static("no-store"));
    response
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
                    !vital_link::oauth_return::RETURN_PARAMS.contains(&key)
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
