//! A local stand-in for Vital's Link API: same paths, headers, JSON shapes, status
//! codes and error bodies as `shared/vital-link-api.md` describes, with test
//! credentials instead of real providers. It also records what it was asked, which
//! users connected what, and can be told to misbehave (for the end-to-end tests).

mod users;

use crate::errors::{detail, link_error, read_json, validation_error, ApiResult};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The key the embedded sandbox accepts on `POST /v2/link/token`. It exists only on
/// the server: the end-to-end tests check that no browser response ever contains it.
pub const SANDBOX_API_KEY: &str = "sk_local_sandbox_9f3c1e7a2b6d4f80";

/// Documented test credentials for every password provider.
pub const TEST_USERNAME: &str = "test@example.com";
pub const MFA_USERNAME: &str = "mfa@example.com";
pub const EXPIRED_USERNAME: &str = "expired@example.com";
pub const TEST_PASSWORD: &str = "password";
pub const TEST_MFA_CODE: &str = "123456";

/// `(slug, name, description, auth_type)`: every provider of the seed page, plus one
/// `sdk` provider the widget must not offer.
pub const PROVIDERS: &[(&str, &str, &str, &str)] = &[
    (
        "fitbit",
        "Fitbit",
        "Activity trackers (all devices)",
        "oauth",
    ),
    ("garmin", "Garmin", "Fitness watches (all devices)", "oauth"),
    ("oura", "Oura", "Smart sleep tracking ring", "oauth"),
    (
        "strava",
        "Strava",
        "Running and cycling social network",
        "oauth",
    ),
    ("wahoo", "Wahoo", "Cycling equipment", "oauth"),
    (
        "ihealth",
        "iHealth",
        "Blood pressure, scales, glucometers and watches",
        "oauth",
    ),
    (
        "withings",
        "Withings",
        "Scales, watches and health monitors",
        "oauth",
    ),
    ("renpho", "Renpho", "Fitness scales", "password"),
    ("zwift", "Zwift", "Virtual cycling and running", "password"),
    ("peloton", "Peloton", "Indoor exercise bike", "password"),
    ("eight_sleep", "Eight Sleep", "Smart mattress", "password"),
    (
        "beurer_api",
        "Beurer",
        "Blood pressure and glucose devices",
        "password",
    ),
    ("whoop", "Whoop", "Smart activity watches", "password"),
    ("hammerhead", "Hammerhead", "Cycling computer", "password"),
    ("dexcom", "Dexcom", "CGM glucose monitor", "password"),
    (
        "my_fitness_pal",
        "MyFitnessPal",
        "Meal tracking",
        "password",
    ),
    (
        "freestyle_libre",
        "Freestyle Libre",
        "Abbott CGM glucose monitor",
        "email",
    ),
    (
        "apple_health_kit",
        "Apple HealthKit",
        "Health data on iPhone (mobile SDK only)",
        "sdk",
    ),
];

pub const REGIONS: &[&str] = &[
    "us", "eu", "de", "fr", "ca", "br", "ar", "cl", "co", "mx", "gb", "ie", "au", "nz", "nl", "at",
    "be", "bh", "ch", "cz", "dk", "eg", "es", "fi", "gr", "hr", "il", "it", "jo", "kw", "lb", "lu",
    "no", "om", "pl", "pt", "qa", "sa", "se", "si", "sk", "tr", "za", "in", "sg", "hk", "kr", "ph",
    "tw",
];

fn provider(
    slug: &str,
) -> Option<&'static (&'static str, &'static str, &'static str, &'static str)> {
    PROVIDERS.iter().find(|p| p.0 == slug)
}

/// `base` is where browsers reach the sandbox: logos are absolute URLs, as Vital's are.
fn provider_json(p: &(&str, &str, &str, &str), id: usize, base: &str) -> Value {
    json!({
        "id": id + 1,
        "name": p.1,
        "slug": p.0,
        "description": p.2,
        "logo": format!("{base}/sandbox/logos/{}.svg", p.0),
        "oauth_url": null,
        "auth_type": p.3,
        "form_components": {},
    })
}

struct LinkToken {
    user_id: String,
    redirect_url: Option<String>,
    filter: Option<Vec<String>>,
    expires_at: Instant,
    consumed: bool,
}

/// A misbehaviour for the next matching request (end-to-end fault tests).
#[derive(Clone, Debug, Deserialize)]
pub struct Fault {
    /// Path prefix it applies to, e.g. `/v2/link/providers` or `/api/link-token`.
    pub path: String,
    /// `status`: answer with `status` and `body`; `hang`: wait `delay_ms`, then answer
    /// normally; `drop`: start a 200 answer and cut the connection; `huge`: a 200 answer
    /// of `size` bytes (default 5 MB) of JSON that is not what the API sends.
    pub kind: String,
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

fn one() -> u32 {
    1
}

#[derive(Default)]
struct Store {
    tokens: HashMap<String, LinkToken>,
    /// `(token, provider)` with MFA pending.
    pending_mfa: Vec<(String, String)>,
    /// `(token, provider)` OAuth consent sessions.
    oauth_sessions: HashMap<String, (String, String)>,
    connections: Vec<Value>,
    users: Vec<users::User>,
    requests: Vec<Value>,
    faults: Vec<Fault>,
}

#[derive(Clone)]
pub struct Sandbox {
    store: Arc<Mutex<Store>>,
    counter: Arc<AtomicU64>,
    pub token_ttl: Duration,
    /// Where browsers reach this sandbox (logos, consent page). Default: the address
    /// of the request (its `Host`), which a proxy in between may not pass on.
    pub public_url: Option<String>,
}

impl Sandbox {
    pub fn new(token_ttl: Duration) -> Sandbox {
        Sandbox {
            store: Arc::default(),
            counter: Arc::default(),
            token_ttl,
            public_url: None,
        }
    }

    pub fn with_public_url(mut self, public_url: Option<String>) -> Sandbox {
        self.public_url = public_url;
        self
    }

    fn base_url(&self, headers: &HeaderMap) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", request_host(headers)),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        // A handler that panicked must not take the sandbox down with it.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn new_id(&self, prefix: &str) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        format!(
            "{prefix}_{:x}{:x}",
            nanos ^ 0x5bd1_e995_u128.wrapping_mul(n as u128 + 1),
            n
        )
    }

    /// Takes the fault queued for `path`, if any.
    pub fn take_fault(&self, path: &str) -> Option<Fault> {
        let mut store = self.lock();
        let index = store
            .faults
            .iter()
            .position(|f| path.starts_with(&f.path))?;
        let fault = store.faults[index].clone();
        if store.faults[index].times <= 1 {
            store.faults.remove(index);
        } else {
            store.faults[index].times -= 1;
        }
        Some(fault)
    }

    fn record(&self, method: &str, path: &str, headers: &HeaderMap, body: Option<&Value>) {
        // What people typed stays out of the log: secrets, codes and email addresses
        // (usernames are often emails). The fields' presence is kept.
        let mut body = body.cloned();
        if let Some(Value::Object(map)) = body.as_mut() {
            for (key, value) in map.iter_mut() {
                let secret = ["password", "mfa_code", "email"].contains(&key.as_str());
                let email = value.as_str().is_some_and(|v| v.contains('@'));
                if secret || email {
                    *value = json!("<redacted>");
                }
            }
        }
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let entry = json!({
            "method": method,
            "path": path,
            "link_token": header("x-vital-link-token"),
            "api_key_sent": headers.contains_key("x-vital-api-key"),
            "content_type": header("content-type"),
            "body": body,
        });
        self.lock().requests.push(entry);
    }

    /// Checks `x-vital-link-token` as Vital does: missing is 400 `MISSING_LINK_TOKEN`,
    /// unknown, expired or consumed is 401 `INVALID_REQUEST`.
    fn check_token(&self, headers: &HeaderMap) -> ApiResult<String> {
        let token = headers
            .get("x-vital-link-token")
            .and_then(|v| v.to_str().ok())
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                detail(
                    StatusCode::BAD_REQUEST,
                    "MISSING_LINK_TOKEN",
                    "Missing link token",
                )
            })?;
        let store = self.lock();
        match store.tokens.get(token) {
            Some(t) if !t.consumed && t.expires_at > Instant::now() => Ok(token.to_owned()),
            _ => Err(detail(
                StatusCode::UNAUTHORIZED,
                "INVALID_REQUEST",
                "Link Token is Invalid",
            )),
        }
    }

    fn allowed(&self, token: &str, slug: &str) -> bool {
        let store = self.lock();
        store.tokens.get(token).is_some_and(|t| {
            t.filter
                .as_ref()
                .is_none_or(|f| f.iter().any(|s| s == slug))
        })
    }

    /// Resolves a provider for an endpoint of one auth type: 400 `INVALID_PROVIDER`
    /// when it is unknown, of another kind, or not allowed by the token.
    fn provider_for(
        &self,
        token: &str,
        slug: &str,
        kinds: &[&str],
    ) -> ApiResult<&'static (&'static str, &'static str, &'static str, &'static str)> {
        match provider(slug) {
            Some(p) if kinds.contains(&p.3) && self.allowed(token, slug) => Ok(p),
            _ => Err(detail(
                StatusCode::BAD_REQUEST,
                "INVALID_PROVIDER",
                "Provider is not supported",
            )),
        }
    }

    fn connect(&self, token: &str, slug: &str, auth_type: &str) {
        let mut store = self.lock();
        let Some(t) = store.tokens.get_mut(token) else {
            return;
        };
        // A successful connection uses the token up, as Vital's does.
        t.consumed = true;
        let user_id = t.user_id.clone();
        store
            .connections
            .retain(|c| !(c["user_id"] == json!(user_id) && c["provider"] == json!(slug)));
        store.connections.push(json!({
            "user_id": user_id,
            "provider": slug,
            "auth_type": auth_type,
            "connected_at": SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0),
            "created_on": users::now_rfc3339(),
        }));
    }

    /// The common start of the Link POST endpoints: record the request, read its JSON
    /// body, check the link token, and check the provider is of one of `kinds`.
    fn begin_post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        slug: &str,
        kinds: &[&str],
        headers: &HeaderMap,
        body: Result<Bytes, BytesRejection>,
    ) -> ApiResult<(T, String)> {
        let raw: Value = read_json(body)?;
        self.record("POST", path, headers, Some(&raw));
        let request: T = crate::errors::from_value(raw)?;
        let token = self.check_token(headers)?;
        self.provider_for(&token, slug, kinds)?;
        Ok((request, token))
    }

    /// Creates a link token (what `POST /v2/link/token` does after the key check).
    pub fn issue_token(
        &self,
        user_id: &str,
        redirect_url: Option<String>,
        filter: Option<Vec<String>>,
    ) -> String {
        let token = self.new_id("lt");
        self.lock().tokens.insert(
            token.clone(),
            LinkToken {
                user_id: user_id.to_owned(),
                redirect_url,
                filter,
                expires_at: Instant::now() + self.token_ttl,
                consumed: false,
            },
        );
        token
    }
}

/// The Link API, with Vital's paths: what browsers (with a link token) and the host
/// backend (with the API key) call.
pub fn link_api(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/v2/link/token", post(create_token))
        .route("/v2/link/providers", get(list_providers))
        .route("/v2/link/provider/oauth/{provider}", get(oauth_provider))
        .route(
            "/v2/link/provider/password/{provider}",
            post(password_provider),
        )
        .route(
            "/v2/link/provider/password/{provider}/complete_mfa",
            post(complete_mfa),
        )
        .route("/v2/link/provider/email/{provider}", post(email_provider))
        .with_state(sandbox)
}

/// Vital's user endpoints, which the host backend calls with the team key (never a
/// browser: no CORS).
pub fn users_api(sandbox: Sandbox) -> Router {
    users::router(sandbox)
}

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
            "/sandbox/control/faults",
            post(add_fault).delete(clear_faults),
        )
        .with_state(sandbox)
        .layer(axum::middleware::from_fn(loopback_only))
}

/// 403 for a caller that is not on this machine (or whose address is unknown).
async fn loopback_only(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
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

#[derive(Deserialize)]
struct TokenRequest {
    user_id: String,
    #[serde(default)]
    provider: Option<String>,
    #[serde(default)]
    redirect_url: Option<String>,
    #[serde(default)]
    filter_on_providers: Option<Vec<String>>,
}

async fn create_token(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    let key = headers.get("x-vital-api-key").and_then(|v| v.to_str().ok());
    if key != Some(SANDBOX_API_KEY) {
        return Err(detail(
            StatusCode::UNAUTHORIZED,
            "INVALID_REQUEST",
            "Invalid API key",
        ));
    }
    let request: TokenRequest = read_json(body)?;
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

async fn list_providers(State(sb): State<Sandbox>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    sb.record("GET", "/v2/link/providers", &headers, None);
    let token = sb.check_token(&headers)?;
    let base = sb.base_url(&headers);
    let list: Vec<Value> = PROVIDERS
        .iter()
        .enumerate()
        .filter(|(_, p)| sb.allowed(&token, p.0))
        .map(|(i, p)| provider_json(p, i, &base))
        .collect();
    Ok(Json(Value::Array(list)))
}

async fn oauth_provider(
    State(sb): State<Sandbox>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    sb.record(
        "GET",
        &format!("/v2/link/provider/oauth/{slug}"),
        &headers,
        None,
    );
    let token = sb.check_token(&headers)?;
    let p = sb.provider_for(&token, &slug, &["oauth", "team_oauth"])?;
    let session = sb.new_id("oauth");
    sb.lock()
        .oauth_sessions
        .insert(session.clone(), (token, slug.clone()));
    // The consent page lives on this server.
    let base = sb.base_url(&headers);
    let index = PROVIDERS.iter().position(|q| q.0 == p.0).unwrap_or(0);
    let mut source = provider_json(p, index, &base);
    source["oauth_url"] = json!(format!("{base}/sandbox/oauth/consent?session={session}"));
    source["group"] = Value::Null;
    source["source_type"] = json!("device");
    source["is_active"] = json!(true);
    source["backfill_num_days"] = json!(90);
    Ok(Json(source))
}

fn request_host(headers: &HeaderMap) -> &str {
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
struct PasswordRequest {
    username: String,
    password: String,
    #[serde(default)]
    region: Option<String>,
}

async fn password_provider(
    State(sb): State<Sandbox>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    let (request, token): (PasswordRequest, String) = sb.begin_post(
        &format!("/v2/link/provider/password/{slug}"),
        &slug,
        &["password"],
        &headers,
        body,
    )?;
    if let Some(region) = &request.region {
        if !REGIONS.contains(&region.as_str()) {
            return Err(validation_error("region", "Input should be a valid Region"));
        }
    }
    let username = request.username.trim().to_ascii_lowercase();
    let answer = match (username.as_str(), request.password == TEST_PASSWORD) {
        (TEST_USERNAME, true) => {
            sb.connect(&token, &slug, "password");
            link_state("success", &slug)
        }
        (MFA_USERNAME, true) => {
            sb.lock().pending_mfa.push((token, slug.clone()));
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

fn link_state(state: &str, slug: &str) -> Value {
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
struct MfaRequest {
    mfa_code: String,
}

async fn complete_mfa(
    State(sb): State<Sandbox>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    let (request, token): (MfaRequest, String) = sb.begin_post(
        &format!("/v2/link/provider/password/{slug}/complete_mfa"),
        &slug,
        &["password"],
        &headers,
        body,
    )?;
    let pending = sb
        .lock()
        .pending_mfa
        .iter()
        .any(|(t, p)| t == &token && p == &slug);
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
    sb.lock()
        .pending_mfa
        .retain(|(t, p)| !(t == &token && p == &slug));
    sb.connect(&token, &slug, "password");
    Ok(Json(link_state("success", &slug)))
}

#[derive(Deserialize)]
struct EmailRequest {
    email: String,
    #[serde(default)]
    region: Option<String>,
}

async fn email_provider(
    State(sb): State<Sandbox>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    let (request, token): (EmailRequest, String) = sb.begin_post(
        &format!("/v2/link/provider/email/{slug}"),
        &slug,
        &["email"],
        &headers,
        body,
    )?;
    let region = request.region.unwrap_or_else(|| "us".into());
    if !REGIONS.contains(&region.as_str()) {
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
    sb.connect(&token, &slug, "email");
    Ok(Json(link_state("success", &slug)))
}

#[derive(Deserialize)]
struct SessionQuery {
    session: String,
}

async fn consent_page(State(sb): State<Sandbox>, Query(q): Query<SessionQuery>) -> Response {
    let found = sb.lock().oauth_sessions.get(&q.session).cloned();
    let Some((_, slug)) = found else {
        return (StatusCode::NOT_FOUND, Html("<!doctype html><title>Unknown session</title><p>This sign-in link is not valid.</p>".to_owned())).into_response();
    };
    let name = provider(&slug).map(|p| p.1).unwrap_or("the provider");
    let session = html_escape(&q.session);
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{name} (sandbox) sign-in</title></head>\
         <body><main><h1>Allow access to your {name} data?</h1>\
         <p>This is the local Vital sandbox's stand-in for {name}'s consent page.</p>\
         <form method=\"post\" action=\"/sandbox/oauth/decision\">\
         <input type=\"hidden\" name=\"session\" value=\"{session}\">\
         <button name=\"decision\" value=\"allow\">Allow</button> \
         <button name=\"decision\" value=\"deny\">Deny</button></form></main></body></html>"
    ))
    .into_response()
}

async fn consent_decision(
    State(sb): State<Sandbox>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(body) = body else {
        return detail(
            StatusCode::PAYLOAD_TOO_LARGE,
            "REQUEST_TOO_LARGE",
            "Request body too large",
        )
        .into_response();
    };
    let form: HashMap<String, String> = url_form(&body);
    let session = form.get("session").cloned().unwrap_or_default();
    let found = sb.lock().oauth_sessions.remove(&session);
    let Some((token, slug)) = found else {
        return detail(
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "Unknown or used OAuth session",
        )
        .into_response();
    };
    let redirect = sb
        .lock()
        .tokens
        .get(&token)
        .and_then(|t| t.redirect_url.clone())
        .unwrap_or_else(|| "/".into());
    let params = if form.get("decision").map(String::as_str) == Some("allow") {
        sb.connect(&token, &slug, "oauth");
        format!("state=success&provider={slug}")
    } else {
        format!("state=error&error_type=user_cancelled&error=User+denied+access&provider={slug}")
    };
    let separator = if redirect.contains('?') { '&' } else { '?' };
    // Vital answers 307; after a form POST a 303 keeps the browser from re-posting.
    Redirect::to(&format!("{redirect}{separator}{params}")).into_response()
}

fn url_form(body: &[u8]) -> HashMap<String, String> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.replace('+', " ")))
        .collect()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A plain coloured tile with the provider's initial; the real API serves logo URLs.
async fn logo(Path(file): Path<String>) -> Response {
    let slug = file.trim_end_matches(".svg");
    let Some(p) = provider(slug) else {
        return (StatusCode::NOT_FOUND, "").into_response();
    };
    let hue =
        p.0.bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32))
            % 360;
    let letter = p.1.chars().next().unwrap_or('?');
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\" viewBox=\"0 0 40 40\">\
         <rect width=\"40\" height=\"40\" rx=\"8\" fill=\"hsl({hue},55%,45%)\"/>\
         <text x=\"20\" y=\"27\" font-family=\"sans-serif\" font-size=\"20\" font-weight=\"700\" fill=\"#fff\" text-anchor=\"middle\">{letter}</text></svg>"
    );
    (
        [
            ("content-type", "image/svg+xml"),
            ("cache-control", "public, max-age=3600"),
        ],
        svg,
    )
        .into_response()
}

async fn status(State(sb): State<Sandbox>) -> Json<Value> {
    let store = sb.lock();
    let users: Vec<Value> = store
        .users
        .iter()
        .map(|u| json!({ "user_id": u.user_id, "client_user_id": u.client_user_id }))
        .collect();
    Json(
        json!({ "connections": store.connections, "users": users, "tokens_issued": store.tokens.len() }),
    )
}

async fn requests(State(sb): State<Sandbox>) -> Json<Value> {
    Json(Value::Array(sb.lock().requests.clone()))
}

async fn clear_requests(State(sb): State<Sandbox>) -> StatusCode {
    sb.lock().requests.clear();
    StatusCode::NO_CONTENT
}

/// Makes every issued link token expired now (token expiry in the middle of a flow).
async fn expire_tokens(State(sb): State<Sandbox>) -> StatusCode {
    let now = Instant::now();
    for token in sb.lock().tokens.values_mut() {
        token.expires_at = now;
    }
    StatusCode::NO_CONTENT
}

/// Marks every issued link token used, as if another tab had completed a connection.
async fn consume_tokens(State(sb): State<Sandbox>) -> StatusCode {
    for token in sb.lock().tokens.values_mut() {
        token.consumed = true;
    }
    StatusCode::NO_CONTENT
}

const FAULT_KINDS: [&str; 4] = ["status", "hang", "drop", "huge"];

async fn add_fault(
    State(sb): State<Sandbox>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<StatusCode> {
    let fault: Fault = read_json(body)?;
    if !FAULT_KINDS.contains(&fault.kind.as_str()) {
        return Err(validation_error(
            "kind",
            "Input should be 'status', 'hang', 'drop' or 'huge'",
        ));
    }
    sb.lock().faults.push(fault);
    Ok(StatusCode::NO_CONTENT)
}

async fn clear_faults(State(sb): State<Sandbox>) -> StatusCode {
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
    match fault.kind.as_str() {
        "status" => {
            let status = StatusCode::from_u16(fault.status.unwrap_or(500))
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = fault.body.unwrap_or_default();
            (status, [("content-type", "application/json")], body).into_response()
        }
        "drop" => {
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
        "huge" => {
            let size = fault.size.unwrap_or(5 * 1024 * 1024).min(64 * 1024 * 1024);
            let body = format!("{{\"padding\":\"{}\"}}", "x".repeat(size));
            (StatusCode::OK, [("content-type", "application/json")], body).into_response()
        }
        _ => next.run(request).await,
    }
}
