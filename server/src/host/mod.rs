//! The host app's endpoints for the widget, as a reference for integrators: the
//! browser asks its own app for a link token, and for the user's connections; the app
//! asks Vital with the team API key, which never leaves the server.
//!
//! - `extract`: who is asking ([`SignedInUser`], from the app's [`SignedIn`]) and
//!   about which provider ([`ChosenProvider`]), as axum extractors;
//! - `vital`: the calls to Vital with the key ([`HostConfig::vital_user`] and the rest);
//! - `handlers`: the endpoints;
//! - `guard`: the token endpoint's CSRF guard, and the rate limits;
//! - `proxy`: behind a proxy, who is signed in ([`ProxyUser`]) and the client's address
//!   ([`ClientIp`]).

mod extract;
mod guard;
mod handlers;
mod proxy;
mod vital;

pub use extract::{ChosenProvider, SignedInUser};
pub use guard::{
    check_host, guard, host_allowed, is_json, is_loopback_name, rate_limit, SessionKey,
};
pub use handlers::{connections, disconnect, link_code, link_token, return_url};
pub use proxy::{peer_ip, ClientIp, ProxyUser, TrustedProxies};

use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_http::timeout::TimeoutLayer;

/// How long the endpoints may take to answer, Vital's calls included: the default of
/// [`HostConfig::answer_deadline`].
pub const ANSWER_DEADLINE: Duration = Duration::from_secs(15);
/// KiB read at most of one of Vital's answers: the default of
/// [`HostConfig::answer_limit`].
pub const ANSWER_LIMIT_KIB: usize = 256;

/// Who may ask the token endpoint for tokens, and how often.
#[derive(Clone, Debug, Default)]
pub struct TokenPolicy {
    /// Origins (`scheme://host[:port]`) whose pages may ask, besides this server's own.
    pub allowed_origins: Vec<String>,
    /// This server's own origin, where browsers reach it (`--public-url`). `None` (the
    /// sandbox, tests): the request's `Host`, which must then be a loopback name.
    pub public_origin: Option<String>,
    /// Requests per client IP and, separately, per signed-in person: `None` turns the
    /// limits off (the in-process load test).
    pub rate_limit: Option<RateLimit>,
    /// The proxies in front, whose `X-Forwarded-For` names the client for the rate
    /// limit: without them, the client is the peer.
    pub trusted_proxies: TrustedProxies,
}

/// `POST /api/link-token`, `POST /api/vital/disconnect` and `POST /api/vital/link-code`
/// (behind the guard) and
/// `GET /api/vital/connections`, ready to merge into a host app's own axum `Router`,
/// all behind rate limits (per signed-in
/// person, then per IP; the app must be served with
/// `into_make_service_with_connect_info::<SocketAddr>()`).
pub fn router(host: HostConfig, policy: TokenPolicy) -> Router {
    let limit = policy.rate_limit;
    let clients = ClientIp(policy.trusted_proxies.clone());
    let users = host.users.clone();
    let deadline = host.answer_deadline;
    let guarded = axum::middleware::from_fn_with_state(Arc::new(policy), guard);
    let mut router = Router::new()
        .route("/api/link-token", post(link_token).layer(guarded.clone()))
        .route("/api/vital/connections", get(connections))
        .route(
            "/api/vital/disconnect",
            post(disconnect).layer(guarded.clone()),
        )
        .route("/api/vital/link-code", post(link_code).layer(guarded))
        .with_state(Arc::new(host))
        // One answer may take several calls to Vital (up to 10 s each): the page waits
        // this long at most.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::GATEWAY_TIMEOUT,
            deadline,
        ));
    if let Some(limit) = limit {
        router = router
            .layer(rate_limit(limit, SessionKey(users)))
            .layer(rate_limit(limit, clients));
    }
    router
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
/// token, what the app's own auth middleware put in the extensions, a trusted proxy's
/// header...): the host app supplies this. `None` means nobody, and the endpoints
/// answer 401.
pub trait SignedIn: Send + Sync + 'static {
    /// The app's own id for the person making the request: Vital's `client_user_id`
    /// (not an email or anything else personal). The extensions hold the peer's
    /// address ([`peer_ip`]) and whatever the app's middleware added.
    fn client_user_id(&self, headers: &HeaderMap, extensions: &Extensions) -> Option<String>;
}

/// Everyone is the same user: for tests and the load test, never a real app.
pub struct FixedUser(pub String);

impl SignedIn for FixedUser {
    fn client_user_id(&self, _: &HeaderMap, _: &Extensions) -> Option<String> {
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
    /// How long the endpoints may take to answer, Vital's calls included (else 504).
    /// Default [`ANSWER_DEADLINE`].
    pub answer_deadline: Duration,
    /// No more than this is read of one of Vital's answers (a token, a user, a list of
    /// connections are small). Default [`ANSWER_LIMIT_KIB`] KiB.
    pub answer_limit: usize,
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
                .connect_timeout(Duration::from_secs(5))
                .timeout(Duration::from_secs(10))
                // A redirect would carry the API key to wherever it points.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default(),
            answer_deadline: ANSWER_DEADLINE,
            answer_limit: ANSWER_LIMIT_KIB * 1024,
            vital_ids: Mutex::default(),
        }
    }
}
