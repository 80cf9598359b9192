//! The token endpoint's guard against other sites (CSRF), and the rate limits.

use super::vital::host_error;
use super::{RateLimit, SignedIn, TokenPolicy};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use std::sync::Arc;
use std::time::Duration;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::GovernorError;

/// The rate limit's key for a signed-in person (everyone signed out shares one: they
/// get 401 anyway).
#[derive(Clone)]
pub struct SessionKey(pub Arc<dyn SignedIn>);

impl KeyExtractor for SessionKey {
    type Key = String;

    fn extract<T>(&self, request: &axum::http::Request<T>) -> Result<String, GovernorError> {
        Ok(self
            .0
            .client_user_id(request.headers(), request.extensions())
            .unwrap_or_default())
    }
}

/// The token endpoint hands out tokens for whoever is signed in, so a page on another
/// site must not be able to ask for one (CSRF): only JSON requests (which a form cannot
/// send, and which a cross-site fetch cannot send without CORS) from this server's own
/// origin or an allowed one pass. The same guard covers every endpoint that changes
/// something for the person signed in (the demo sign-in too: login CSRF).
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
    if !origin_allowed(headers, &policy) {
        return host_error(StatusCode::FORBIDDEN, "this origin may not ask for this");
    }
    next.run(request).await
}

/// `Content-Type: application/json` (parameters aside).
pub fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// `Origin` is this server's own or an allowed one. Its own is the public origin, and on
/// a development machine ([`on_loopback`]) also the `Host` (which [`check_host`] keeps
/// to loopback names there). Without `Origin` (not a browser, or a very old one),
/// `Sec-Fetch-Site` must not say the request comes from another site.
fn origin_allowed(headers: &HeaderMap, policy: &TokenPolicy) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match text("origin") {
        Some(origin) => {
            let listed =
                |allowed: &String| allowed.trim_end_matches('/').eq_ignore_ascii_case(origin);
            let own_host = || {
                authority(origin)
                    .is_some_and(|host| text("host").is_some_and(|h| h.eq_ignore_ascii_case(host)))
            };
            policy.allowed_origins.iter().any(listed)
                || policy.public_origin.as_ref().is_some_and(listed)
                || (on_loopback(policy) && own_host())
        }
        None => !matches!(text("sec-fetch-site"), Some("cross-site" | "same-site")),
    }
}

/// A development machine: no public origin, or a loopback one (the sandbox, the
/// preview). Then loopback names are answered too, whatever the port.
fn on_loopback(policy: &TokenPolicy) -> bool {
    policy
        .public_origin
        .as_deref()
        .is_none_or(|origin| authority(origin).is_some_and(is_loopback_name))
}

/// `host[:port]` of an origin (`scheme://host[:port]`, a trailing slash allowed).
fn authority(origin: &str) -> Option<&str> {
    origin
        .trim_end_matches('/')
        .split_once("://")
        .map(|(_, authority)| authority)
}

/// The `Host` a request names is one this server answers to: the public origin's, an
/// allowed origin's, or on a development machine ([`on_loopback`]) a loopback name. A
/// name an attacker points at this server (DNS rebinding) gets 421.
pub fn host_allowed(host: Option<&str>, policy: &TokenPolicy) -> bool {
    let Some(host) = host.map(str::to_ascii_lowercase) else {
        return false;
    };
    let named = policy
        .allowed_origins
        .iter()
        .chain(&policy.public_origin)
        .filter_map(|origin| authority(origin).map(str::to_ascii_lowercase))
        .any(|allowed| default_port(&allowed) == default_port(&host));
    named || (on_loopback(policy) && is_loopback_name(&host))
}

/// `example.com` for `example.com:443` or `:80`, as browsers leave the default port out.
fn default_port(authority: &str) -> &str {
    authority
        .strip_suffix(":443")
        .or_else(|| authority.strip_suffix(":80"))
        .unwrap_or(authority)
}

/// `127.0.0.1`, `localhost` or `[::1]`, with or without a port.
pub fn is_loopback_name(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    matches!(
        name.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "localhost" | "::1"
    )
}

/// Middleware: 421 for a request whose `Host` this server does not answer to
/// ([`host_allowed`]). `/healthz` is exempt: load balancers probe by address.
pub async fn check_host(
    State(policy): State<Arc<TokenPolicy>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    if request.uri().path() == "/healthz" || host_allowed(host, &policy) {
        next.run(request).await
    } else {
        host_error(
            StatusCode::MISDIRECTED_REQUEST,
            "this server does not answer to that name",
        )
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
