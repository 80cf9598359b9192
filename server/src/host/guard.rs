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
        Ok(self.0.client_user_id(request.headers()).unwrap_or_default())
    }
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

/// `Content-Type: application/json` (parameters aside).
pub fn is_json(headers: &HeaderMap) -> bool {
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
