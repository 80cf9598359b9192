//! The host app's endpoints for the widget, as a reference for integrators: the
//! browser asks its own app for a link token, and for the user's connections; the app
//! asks Vital with the team API key, which never leaves the server.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use axum::Router;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_governor::key_extractor::{KeyExtractor, PeerIpKeyExtractor};
use tower_governor::GovernorError;

/// Who may ask the token endpoint for tokens, and how often.
#[derive(Clone, Debug, Default)]
pub struct TokenPolicy {
    /// Origins (`scheme://host[:port]`) whose pages may ask, besides this server's own.
    pub allowed_origins: Vec<String>,
    /// Requests per client IP and, separately, per signed-in person: `None` turns the
    /// limits off (the in-process load test).
    pub rate_limit: Option<RateLimit>,
}

/// `POST /api/link-token` (behind its guard) and `GET /api/vital/connections`, ready to
/// merge into a host app's own axum `Router`, both behind rate limits (per signed-in
/// person, then per IP; the app must be served with
/// `into_make_service_with_connect_info::<SocketAddr>()`).
pub fn router(host: HostConfig, policy: TokenPolicy) -> Router {
    let limit = policy.rate_limit;
    let users = host.users.clone();
    let guarded = axum::middleware::from_fn_with_state(Arc::new(policy), guard);
    let mut router = Router::new()
        .route("/api/link-token", post(link_token).layer(guarded))
        .route("/api/vital/connections", get(connections))
        .with_state(Arc::new(host));
    if let Some(limit) = limit {
        router = router
            .layer(rate_limit(limit, SessionKey(users)))
            .layer(rate_limit(limit, PeerIpKeyExtractor));
    }
    router
}

/// The rate limit's key for a signed-in person (everyone signed out shares one: they
/// get 401 anyway).
#[derive(Clone)]
pub struct SessionKey(Arc<dyn SignedIn>);

impl KeyExtractor for SessionKey {
    type Key = String;

    fn extract<T>(&self, request: &axum::http::Request<T>) -> Result<String, GovernorError> {
        Ok(self.0.client_user_id(request.headers()).unwrap_or_default())
    }
}

/// A burst of `burst` requests, then one more each `period`.
#[derive(Clone, Copy, Debug)]
pub struct RateLimit {
    pub period: Duration,
    pub burst: u32,
}

impl Default for RateLimit {
    fn default() -> RateLimit {
        RateLimit {
            period: Duration::from_millis(500),
            burst: 20,
        }
    }
}

/// Who is signed in to the host app, read from a request (its session cookie, a bearer
/// token...): the host app supplies this. `None` means nobody, and the token endpoint
/// answers 401.
pub trait SignedIn: Send + Sync + 'static {
    /// The app's own id for the person making the request: Vital's `client_user_id`
    /// (not an email or anything else personal).
    fn client_user_id(&self, request: &HeaderMap) -> Option<String>;
}

/// Everyone is the same user: for tests and the load test, never a real app.
pub struct FixedUser(pub String);

impl SignedIn for FixedUser {
    fn client_user_id(&self, _: &HeaderMap) -> Option<String> {
        Some(self.0.clone())
    }
}

pub struct HostConfig {
    /// Vital's base URL (or the embedded sandbox's).
    pub vital_base: String,
    /// The team API key: read from the environment, sent only to `vital_base`.
    pub api_key: String,
    /// The host app's session: who is asking.
    pub users: Arc<dyn SignedIn>,
    /// Where Vital sends the browser after OAuth. Required with a real key; the
    /// sandbox defaults to the page that asked.
    pub redirect_url: Option<String>,
    pub http: reqwest::Client,
    /// `client_user_id` to Vital `user_id`, as learned: a cache, so each user costs
    /// Vital's user calls once per process (the mapping never changes).
    vital_ids: Mutex<HashMap<String, String>>,
}

impl HostConfig {
    pub fn new(
        vital_base: &str,
        api_key: &str,
        users: impl SignedIn,
        redirect_url: Option<String>,
    ) -> HostConfig {
        HostConfig {
            vital_base: vital_base.trim_end_matches('/').to_owned(),
            api_key: api_key.to_owned(),
            users: Arc::new(users),
            redirect_url,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                // A redirect would carry the API key to wherever it points.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default(),
            vital_ids: Mutex::default(),
        }
    }

    /// The Vital user for one of the app's users: created on first sight
    /// (`POST /v2/user`); a 400 that names a `user_id` (Vital's `ClientUserIDConflict`)
    /// means it exists already; otherwise `GET /v2/user/resolve/{client_user_id}`.
    pub async fn vital_user(&self, client_user_id: &str) -> Result<String, Response> {
        if let Some(id) = self.cached(client_user_id) {
            return Ok(id);
        }
        let user_id = |body: &Value| {
            body.get("user_id")
                .or_else(|| body.get("detail").and_then(|d| d.get("user_id")))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let created = self
            .vital(self.http.post(format!("{}/v2/user", self.vital_base)))
            .json(&json!({ "client_user_id": client_user_id }))
            .send()
            .await
            .map_err(unreachable)?;
        let status = created.status();
        let body: Value = created.json().await.unwrap_or(Value::Null);
        let id = match user_id(&body) {
            Some(id) if status.is_success() || status == StatusCode::BAD_REQUEST => id,
            _ => {
                let path = utf8_percent_encode(client_user_id, NON_ALPHANUMERIC);
                let resolved = self
                    .vital(
                        self.http
                            .get(format!("{}/v2/user/resolve/{path}", self.vital_base)),
                    )
                    .send()
                    .await
                    .map_err(unreachable)?;
                let status = resolved.status();
                let body: Value = resolved.json().await.unwrap_or(Value::Null);
                match user_id(&body) {
                    Some(id) if status.is_success() => id,
                    _ => return Err(refused("user", status)),
                }
            }
        };
        self.lock_ids()
            .insert(client_user_id.to_owned(), id.clone());
        Ok(id)
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
    fn vital(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.header("x-vital-api-key", &self.api_key)
    }
}

/// 502 for a Vital that could not be reached (reqwest's error text names no header).
fn unreachable(error: reqwest::Error) -> Response {
    let reason = error.without_url();
    tracing::warn!(%reason, "could not reach Vital");
    host_error(
        StatusCode::BAD_GATEWAY,
        &format!("could not reach Vital: {reason}"),
    )
}

/// 502 for a Vital that said no. Its body may name internals: it stays out of the
/// answer and the log.
fn refused(what: &str, status: reqwest::StatusCode) -> Response {
    tracing::warn!(what, status = status.as_u16(), "Vital refused a request");
    host_error(
        StatusCode::BAD_GATEWAY,
        &format!(
            "Vital refused the {what} request (HTTP {})",
            status.as_u16()
        ),
    )
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
    let Some(client_user_id) = host.users.client_user_id(&headers) else {
        return host_error(StatusCode::UNAUTHORIZED, "sign in first");
    };
    let user_id = match host.vital_user(&client_user_id).await {
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
    let body: Value = response.json().await.unwrap_or(Value::Null);
    match body.get("link_token").and_then(Value::as_str) {
        Some(token) if status.is_success() => {
            let mut response = Json(json!({ "link_token": token })).into_response();
            response
                .headers_mut()
                .insert("cache-control", HeaderValue::from_static("no-store"));
            response
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
pub async fn connections(State(host): State<Arc<HostConfig>>, headers: HeaderMap) -> Response {
    let Some(client_user_id) = host.users.client_user_id(&headers) else {
        return host_error(StatusCode::UNAUTHORIZED, "sign in first");
    };
    let user_id = match host.vital_user(&client_user_id).await {
        Ok(id) => id,
        Err(response) => return response,
    };
    let path = utf8_percent_encode(&user_id, NON_ALPHANUMERIC);
    let url = format!("{}/v2/user/providers/{path}", host.vital_base);
    let response = match host.vital(host.http.get(url)).send().await {
        Ok(response) => response,
        Err(e) => return unreachable(e),
    };
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
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
    let mut response = Json(json!({ "providers": providers })).into_response();
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

/// The token endpoint hands out tokens for whoever is signed in, so a page on another
/// site must not be able to ask for one (CSRF): only JSON requests (which a form cannot
/// send, and which a cross-site fetch cannot send without CORS) from this server's own
/// origin or an allowed one pass.
pub async fn guard(
    State(policy): State<Arc<TokenPolicy>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let headers = request.headers();
    if !is_json(headers) {
        return host_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be application/json",
        );
    }
    if !origin_allowed(headers, &policy.allowed_origins) {
        return host_error(
            StatusCode::FORBIDDEN,
            "this origin may not ask for link tokens",
        );
    }
    next.run(request).await
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// `Origin` is this server's own (its host is the `Host` header) or an allowed one.
/// Without `Origin` (not a browser, or a very old one), `Sec-Fetch-Site` must not say
/// the request comes from another site.
fn origin_allowed(headers: &HeaderMap, allowed: &[String]) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match text("origin") {
        Some(origin) => {
            allowed.iter().any(|a| a.trim_end_matches('/') == origin)
                || origin
                    .split_once("://")
                    .is_some_and(|(_, host)| Some(host) == text("host"))
        }
        None => !matches!(text("sec-fetch-site"), Some("cross-site" | "same-site")),
    }
}

/// A limit on token requests per `key` (a peer IP, a signed-in person): 429 with
/// `Retry-After` beyond it.
pub fn rate_limit<K>(
    limit: RateLimit,
    key: K,
) -> tower_governor::GovernorLayer<
    K,
    governor::middleware::NoOpMiddleware<governor::clock::QuantaInstant>,
    axum::body::Body,
>
where
    K: KeyExtractor + Send + Sync + 'static,
    K::Key: Send + Sync + 'static,
{
    let config = tower_governor::governor::GovernorConfigBuilder::default()
        .period(limit.period)
        .burst_size(limit.burst)
        .key_extractor(key)
        .finish()
        .expect("period and burst are positive");
    let limiter = config.limiter().clone();
    // Forget idle clients now and then, so the table does not grow without bound.
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            limiter.retain_recent();
        }
    });
    tower_governor::GovernorLayer::new(config).error_handler(|error| {
        let mut response = match error {
            tower_governor::GovernorError::TooManyRequests { wait_time, headers } => {
                let mut response = host_error(
                    StatusCode::TOO_MANY_REQUESTS,
                    &format!("too many requests: try again in {wait_time} s"),
                );
                response.headers_mut().extend(headers.unwrap_or_default());
                response
            }
            _ => host_error(StatusCode::INTERNAL_SERVER_ERROR, "rate limit unavailable"),
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    })
}
