//! A local stand-in for Vital's Link API: same paths, headers, JSON shapes, status
//! codes and error bodies as `shared/vital-link-api.md` describes, with test
//! credentials instead of real providers. It also records what it was asked, which
//! users connected what, and can be told to misbehave (for the end-to-end tests).

mod codes;
mod extract;
mod faults;
mod link;
mod oauth;
mod providers;
mod tools;
mod users;

pub use codes::PAIRED_PROVIDER;
pub use faults::{inject_faults, Fault, FaultKind};
pub use link::is_uuid;
pub use providers::{AuthKind, Provider, PROVIDERS};
pub use tools::dev_tools;

use crate::errors::{detail, ApiResult};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use extract::LinkTokenHeader;
use link::{
    complete_mfa, create_token, email_provider, oauth_provider, password_provider, request_host,
};
use providers::{list_providers, provider};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
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

struct LinkToken {
    user_id: String,
    redirect_url: Option<String>,
    filter: Option<Vec<String>>,
    expires_at: Instant,
    consumed: bool,
}

/// A password sign-in waiting for its MFA code.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PendingMfa {
    token: String,
    provider: String,
}

/// An OAuth consent page in progress: for which link token and provider.
#[derive(Clone, Debug)]
struct OAuthSession {
    token: String,
    provider: String,
}

/// How many requests the log keeps: it is a development aid, and anyone can send
/// requests to the Link API (CORS `*`), so it must not grow without bound.
pub const REQUEST_LOG_SIZE: usize = 500;

#[derive(Default)]
struct Store {
    tokens: HashMap<String, LinkToken>,
    pending_mfa: Vec<PendingMfa>,
    /// By session id.
    oauth_sessions: HashMap<String, OAuthSession>,
    connections: Vec<users::Connection>,
    users: Vec<users::User>,
    /// The last [`REQUEST_LOG_SIZE`] requests, oldest first.
    requests: VecDeque<Value>,
    faults: Vec<Fault>,
    /// Apple HealthKit pairing codes issued.
    codes: Vec<codes::Code>,
}

impl Store {
    /// Vital's 404 for a `user_id` the team does not have.
    fn check_user(&self, user_id: &str) -> ApiResult<()> {
        if self.users.iter().any(|u| u.user_id == user_id) {
            return Ok(());
        }
        Err(detail(
            StatusCode::NOT_FOUND,
            "INVALID_REQUEST",
            "User not found",
        ))
    }

    /// `user_id` connected `slug` (again: one connection per user and provider).
    fn connect(&mut self, user_id: String, slug: &str, auth_type: AuthKind) {
        self.connections
            .retain(|c| !(c.user_id == user_id && c.provider == slug));
        self.connections.push(users::Connection {
            user_id,
            provider: slug.to_owned(),
            auth_type,
            connected_at: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            created_on: users::now_rfc3339(),
            error_details: None,
        });
    }
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
        // What people typed stays out of the log: secrets, codes, usernames and email
        // addresses. The fields' presence is kept.
        let mut body = body.cloned();
        if let Some(Value::Object(map)) = body.as_mut() {
            for (key, value) in map.iter_mut() {
                let secret = ["password", "mfa_code", "email", "username"].contains(&key.as_str());
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
            // Not the token itself, which would let anyone reading the log use it: a
            // label that tells tokens apart.
            "link_token": header("x-vital-link-token").map(|token| token_label(&token)),
            "api_key_sent": headers.contains_key("x-vital-api-key"),
            "content_type": header("content-type"),
            "body": body,
        });
        let mut store = self.lock();
        if store.requests.len() == REQUEST_LOG_SIZE {
            store.requests.pop_front();
        }
        store.requests.push_back(entry);
    }

    /// Checks `x-vital-link-token` as Vital does: missing is 400 `MISSING_LINK_TOKEN`,
    /// unknown, expired or consumed is 401 `INVALID_REQUEST`.
    fn check_token(&self, LinkTokenHeader(token): &LinkTokenHeader) -> ApiResult<String> {
        let token = token.as_deref().ok_or_else(|| {
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
        kind: AuthKind,
    ) -> ApiResult<&'static Provider> {
        match provider(slug) {
            Some(p) if p.auth_type == kind && self.allowed(token, slug) => Ok(p),
            _ => Err(detail(
                StatusCode::BAD_REQUEST,
                "INVALID_PROVIDER",
                "Provider is not supported",
            )),
        }
    }

    fn connect(&self, token: &str, slug: &str, auth_type: AuthKind) {
        let mut store = self.lock();
        let Some(t) = store.tokens.get_mut(token) else {
            return;
        };
        // A successful connection uses the token up, as Vital's does.
        t.consumed = true;
        let user_id = t.user_id.clone();
        store.connect(user_id, slug, auth_type);
    }

    /// The common start of the Link POST endpoints, in Vital's order of errors: record
    /// the request with its JSON body, read the body's fields, check the link token, and
    /// check the provider is of `kind`.
    fn begin_post<T: serde::de::DeserializeOwned>(
        &self,
        (path, slug, kind): (&str, &str, AuthKind),
        headers: &HeaderMap,
        token: &LinkTokenHeader,
        body: Value,
    ) -> ApiResult<(T, String)> {
        self.record("POST", path, headers, Some(&body));
        let request: T = crate::errors::from_value(body)?;
        let token = self.check_token(token)?;
        self.provider_for(&token, slug, kind)?;
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

/// Vital's user endpoints and a user's pairing codes, which the host backend calls with the team key (never a
/// browser: no CORS).
pub fn users_api(sandbox: Sandbox) -> Router {
    users::router(sandbox.clone()).merge(codes::router(sandbox))
}

/// `#` and eight hex digits from a hash of the token: the same token always gets the
/// same label, and the label gives the token away to nobody.
fn token_label(token: &str) -> String {
    let mut hasher = DefaultHasher::new();
    token.hash(&mut hasher);
    format!("#{:08x}", hasher.finish() as u32)
}
